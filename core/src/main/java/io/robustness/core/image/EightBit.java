package io.robustness.core.image;

/** Levels 0..255 to and from values in [0,1], as {@code uint8 / 255.0} in PyTorch. */
final class EightBit {

  private EightBit() {}

  /** The level of each of {@code length} values from {@code start}, rounded to the nearest. */
  static int[] levels(float[] values, int start, int length) {
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      out[i] = clip(Math.round(values[start + i] * 255f));
    }
    return out;
  }

  /** Writes {@code levels / 255} from {@code start}: bit-identical to PyTorch's division. */
  static void toUnit(int[] levels, float[] out, int start) {
    for (int i = 0; i < levels.length; i++) {
      out[start + i] = levels[i] / 255f;
    }
  }

  static int clip(int level) {
    return level < 0 ? 0 : Math.min(level, 255);
  }
}
