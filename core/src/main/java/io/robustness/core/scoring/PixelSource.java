package io.robustness.core.scoring;

import io.robustness.core.image.ImageDecodeException;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.image.PixelImage;
import java.io.IOException;

/**
 * Where one image's pixels come from: bytes to read and decode, or pixels already prepared. An
 * {@link IOException} is a failure to read, an {@link ImageDecodeException} one to decode; both are
 * recorded against the image, never thrown out of the scoring loop.
 */
@FunctionalInterface
public interface PixelSource {

  PixelImage load(ImagePreprocessor preprocessor) throws IOException, ImageDecodeException;

  /** Reads the bytes when asked (so reads happen where the loop wants), then decodes them. */
  static PixelSource encoded(String name, ByteSource bytes) {
    return preprocessor -> preprocessor.prepare(name, bytes.read());
  }

  /** Pixels already at the model's input size. */
  static PixelSource decoded(PixelImage pixels) {
    return preprocessor -> pixels;
  }

  /** An image's encoded bytes, read from wherever they live. */
  @FunctionalInterface
  interface ByteSource {
    byte[] read() throws IOException;
  }
}
