package io.robustness.core.image;

import static io.robustness.core.image.TestImages.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecodeErrorsTest {

  private final ImagePreprocessor prep = new ImagePreprocessor(1, 28, 28, 10_000_000L);

  private ImageDecodeException failure(String name, byte[] bytes) {
    ImageDecodeException e =
        catchThrowableOfType(ImageDecodeException.class, () -> prep.prepare(name, bytes));
    assertThat(e).as("decoding %s should fail", name).isNotNull();
    assertThat(e.source()).isEqualTo(name);
    assertThat(e.getMessage()).contains(name);
    return e;
  }

  private static byte[] png() {
    return encode(TestImages.grey8(40, 40), "png");
  }

  private static byte[] jpeg() {
    BufferedImage image = TestImages.grey8(64, 64);
    return encode(image, "jpeg");
  }

  @Test
  void emptyFile() {
    assertThat(failure("empty.png", new byte[0]).reason()).isEqualTo(FailureReason.EMPTY_FILE);
  }

  @Test
  void textWithAnImageName() {
    ImageDecodeException e = failure("notes.jpg", TestImages.text("this is not an image\n"));
    assertThat(e.reason()).isEqualTo(FailureReason.UNRECOGNIZED_FORMAT);
  }

  @Test
  void truncatedPng() {
    byte[] full = png();
    ImageDecodeException e = failure("cut.png", Arrays.copyOf(full, full.length / 2));
    assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT);
    assertThat(e.getMessage()).contains("truncated");
  }

  @Test
  void truncatedJpeg() {
    byte[] full = jpeg();
    assertThat(failure("cut.jpg", Arrays.copyOf(full, full.length * 2 / 3)).reason())
        .isEqualTo(FailureReason.CORRUPT);
  }

  @Test
  void pngWithBadCrc() {
    byte[] bytes = png();
    bytes[bytes.length - 20] ^= 0x5a; // inside the IDAT data, so its CRC no longer matches
    ImageDecodeException e = failure("flipped-bit.png", bytes);
    assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT);
    assertThat(e.getMessage()).contains("bad CRC in IDAT");
  }

  @Test
  void headerDeclaringTooManyPixelsIsRefusedBeforeDecoding() {
    byte[] bomb = TestImages.withDeclaredSize(png(), 50_000, 50_000);
    ImageDecodeException e = failure("bomb.png", bomb);
    assertThat(e.reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS);
    assertThat(e.getMessage()).contains("50000x50000").contains("2,500,000,000");
  }

  @Test
  void garbageAfterAValidSignature() {
    byte[] bytes = Arrays.copyOf(jpeg(), 200);
    Arrays.fill(bytes, 20, 200, (byte) 0x7f);
    assertThat(failure("garbage.jpg", bytes).reason()).isEqualTo(FailureReason.CORRUPT);
  }
}
