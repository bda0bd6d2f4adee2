package io.robustness.core.image;

import static io.robustness.core.image.TestImages.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

  private static final long LIMIT = 50_000_000L;

  private static PixelImage prepare(byte[] bytes, int channels, int height, int width)
      throws Exception {
    return new ImagePreprocessor(channels, height, width, LIMIT).prepare("test-image", bytes);
  }

  @Test
  void grey8PngIsExact() throws Exception {
    PixelImage px = prepare(encode(TestImages.grey8(9, 7), "png"), 1, 7, 9);
    for (int y = 0; y < 7; y++) {
      for (int x = 0; x < 9; x++) {
        assertThat(px.at(0, y, x)).isEqualTo(((x * 16 + y) % 256) / 255f);
      }
    }
  }

  @Test
  void grey16PngUsesAllSixteenBits() throws Exception {
    PixelImage px = prepare(encode(TestImages.grey16(4, 4, 40000), "png"), 1, 4, 4);
    assertThat(px.at(0, 2, 3)).isCloseTo(40000 / 65535f, within(1e-6f));
  }

  @Test
  void greyBecomesThreeEqualChannels() throws Exception {
    PixelImage px = prepare(encode(TestImages.grey8(5, 5), "png"), 3, 5, 5);
    assertThat(px.at(0, 3, 2))
        .isEqualTo(px.at(1, 3, 2))
        .isEqualTo(px.at(2, 3, 2))
        .isEqualTo(35 / 255f);
  }

  @Test
  void rgbPngKeepsChannelsAndGreyIsLuma() throws Exception {
    byte[] png = encode(TestImages.filled(BufferedImage.TYPE_INT_RGB, 4, 3, 0xff336699), "png");
    PixelImage rgb = prepare(png, 3, 3, 4);
    assertThat(new float[] {rgb.at(0, 1, 1), rgb.at(1, 1, 1), rgb.at(2, 1, 1)})
        .containsExactly(0x33 / 255f, 0x66 / 255f, 0x99 / 255f);
    // As PIL's convert("L") by default: (19595 R + 38470 G + 7471 B + 32768) >> 16 = 93.
    PixelImage grey = prepare(png, 1, 3, 4);
    assertThat(grey.at(0, 1, 1)).isEqualTo(93 / 255f);
    // In float with resize-rounding = float: 92.565 / 255.
    PixelImage floatGrey =
        new ImagePreprocessor(
                1,
                3,
                4,
                LIMIT,
                new InputGeometry(
                    InputGeometry.STRETCH, false, Interpolation.BILINEAR, ResizeRounding.FLOAT))
            .prepare("test-image", png);
    assertThat(floatGrey.at(0, 1, 1))
        .isCloseTo((0.299f * 0x33 + 0.587f * 0x66 + 0.114f * 0x99) / 255f, within(1e-6f));
  }

  @Test
  void alphaIsDroppedNotComposited() throws Exception {
    PixelImage px = prepare(encode(TestImages.rgba(3, 3, 0x10c080, 0), "png"), 3, 3, 3);
    assertThat(new float[] {px.at(0, 0, 0), px.at(1, 0, 0), px.at(2, 0, 0)})
        .containsExactly(0x10 / 255f, 0xc0 / 255f, 0x80 / 255f);
    PixelImage greyAlpha = prepare(encode(TestImages.greyAlpha(3, 3, 200, 17), "png"), 1, 3, 3);
    assertThat(greyAlpha.at(0, 2, 2)).isEqualTo(200 / 255f);
  }

  @Test
  void paletteColoursAreLookedUp() throws Exception {
    int[] colours = {0x000000, 0xff0000, 0x00ff00, 0x2040ff};
    PixelImage px = prepare(encode(TestImages.palette(6, 6, colours), "png"), 3, 6, 6);
    // (x + y) % 4 == 3 at (x=1, y=2)
    assertThat(new float[] {px.at(0, 2, 1), px.at(1, 2, 1), px.at(2, 2, 1)})
        .containsExactly(0x20 / 255f, 0x40 / 255f, 1f);
    assertThat(px.at(0, 0, 1)).isEqualTo(1f);
  }

  @Test
  void greyJpegDecodesCloseToItsValue() throws Exception {
    byte[] jpeg = encode(TestImages.greyFilled(16, 16, 0x80), "jpeg");
    PixelImage px = prepare(jpeg, 1, 16, 16);
    assertThat(px.at(0, 8, 8)).isCloseTo(128 / 255f, within(3 / 255f));
  }

  @Test
  void rgbJpegDecodesCloseToItsColour() throws Exception {
    byte[] jpeg = encode(TestImages.filled(BufferedImage.TYPE_INT_RGB, 16, 16, 0xffc03010), "jpeg");
    PixelImage px = prepare(jpeg, 3, 16, 16);
    assertThat(px.at(0, 4, 4)).isCloseTo(0xc0 / 255f, within(6 / 255f));
    assertThat(px.at(1, 4, 4)).isCloseTo(0x30 / 255f, within(6 / 255f));
    assertThat(px.at(2, 4, 4)).isCloseTo(0x10 / 255f, within(6 / 255f));
  }

  @Test
  void cmykJpegBecomesRgb() throws Exception {
    PixelImage px = prepare(resource("images/cmyk-red-blue.jpg"), 3, 12, 16);
    assertThat(px.at(0, 6, 2)).as("red on the left").isGreaterThan(0.7f);
    assertThat(px.at(2, 6, 2)).isLessThan(0.3f);
    assertThat(px.at(2, 6, 13)).as("blue on the right").isGreaterThan(0.5f);
    assertThat(px.at(0, 6, 13)).isLessThan(0.4f);
  }

  @Test
  void contentDecidesTheFormatNotTheName() throws Exception {
    byte[] jpeg = encode(TestImages.greyFilled(8, 8, 0x40), "jpeg");
    PixelImage px = new ImagePreprocessor(1, 8, 8, LIMIT).prepare("really-a-jpeg.png", jpeg);
    assertThat(px.at(0, 4, 4)).isCloseTo(0x40 / 255f, within(3 / 255f));
  }

  @Test
  void resizeMatchesTorchvisionAntialiasedBilinear() throws Exception {
    float[] ramp = new float[35];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = i / 34f;
    }
    PixelImage source = new PixelImage(1, 5, 7, ramp);
    // torchvision 0.14 F.resize(torch.arange(35).reshape(1,1,5,7)/34, [2,3], antialias=True)
    assertThat(Resizer.resize(source, 2, 3, Interpolation.BILINEAR, ResizeRounding.FLOAT).data())
        .containsExactly(
            new float[] {0.23109245f, 0.29411766f, 0.3571429f, 0.6428571f, 0.7058823f, 0.7689075f},
            within(1e-6f));
    // and upsampling the top-left 2x3 corner to 5x4
    PixelImage corner =
        new PixelImage(1, 2, 3, new float[] {0, 1 / 34f, 2 / 34f, 7 / 34f, 8 / 34f, 9 / 34f});
    float[] up = Resizer.resize(corner, 5, 4, Interpolation.BILINEAR, ResizeRounding.FLOAT).data();
    assertThat(up[0]).isCloseTo(0f, within(1e-6f));
    assertThat(up[1]).isCloseTo(0.018382354f, within(1e-6f));
    assertThat(up[6]).isCloseTo(0.061029419f, within(1e-6f));
    assertThat(up[19]).isCloseTo(0.2647059f, within(1e-6f));
  }

  @Test
  void largeImagesAreAveragedDown() throws Exception {
    BufferedImage big = TestImages.filled(BufferedImage.TYPE_INT_RGB, 3000, 2000, 0xff000000);
    for (int y = 0; y < 2000; y++) {
      for (int x = 1500; x < 3000; x++) {
        big.setRGB(x, y, 0xffffffff);
      }
    }
    PixelImage px = prepare(encode(big, "png"), 1, 28, 28);
    assertThat(px.at(0, 14, 3)).isZero();
    assertThat(px.at(0, 14, 24)).isCloseTo(1f, within(1e-5f));
    double mean = 0;
    for (float v : px.data()) {
      mean += v / px.data().length;
    }
    assertThat(mean).isCloseTo(0.5, within(1e-5));
  }

  @Test
  void hugeImagesAreDecodedAtReducedResolutionButAtLeastTwiceTheTarget() throws Exception {
    byte[] big =
        encode(TestImages.filled(BufferedImage.TYPE_INT_RGB, 3000, 2000, 0xff204060), "png");
    BufferedImage decoded = new ImageDecoder(LIMIT).decode("big.png", big, 28, 28);
    assertThat(decoded.getWidth()).isBetween(56, 3000 / 4);
    assertThat(decoded.getHeight()).isBetween(56, 2000 / 4);
    byte[] small = encode(TestImages.grey8(100, 100), "png");
    assertThat(new ImageDecoder(LIMIT).decode("small.png", small, 28, 28).getWidth())
        .isEqualTo(100);
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = ImagePreprocessorTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
