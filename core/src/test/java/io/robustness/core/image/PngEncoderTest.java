package io.robustness.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PngEncoderTest {

  @Test
  void roundTripsGreyAndRgbThroughTheDecoder() throws Exception {
    float[] grey = new float[4 * 3];
    for (int i = 0; i < grey.length; i++) {
      grey[i] = i / 255f;
    }
    PixelImage back =
        new ImagePreprocessor(1, 3, 4, 1000)
            .prepare("g", PngEncoder.encode(new PixelImage(1, 3, 4, grey)));
    assertThat(back.data()).containsExactly(grey);

    float[] rgb = new float[3 * 2 * 2];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (i * 20) / 255f;
    }
    PixelImage colour =
        new ImagePreprocessor(3, 2, 2, 1000)
            .prepare("c", PngEncoder.encode(new PixelImage(3, 2, 2, rgb)));
    assertThat(colour.data()).containsExactly(rgb);
  }

  @Test
  void clampsValuesOutsideTheUnitInterval() throws Exception {
    PixelImage back =
        new ImagePreprocessor(1, 1, 2, 1000)
            .prepare("x", PngEncoder.encode(new PixelImage(1, 1, 2, new float[] {-0.5f, 1.7f})));
    assertThat(back.data()).containsExactly(0f, 1f);
  }
}
