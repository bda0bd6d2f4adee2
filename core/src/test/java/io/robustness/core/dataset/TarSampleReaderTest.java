package io.robustness.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarSampleReaderTest {

  private static final List<String> WANTED = List.of("png", "jpg", "jpeg", "cls");

  private static byte[] shard() {
    return new TarShards()
        .member("a/000.png", "png-0")
        .member("a/000.cls", "3\n")
        .member("a/000.json", "{}")
        .member("a/001.cls", "7")
        .member("a/001.jpg", "jpg-1")
        .member("b/000.seg.png", "seg")
        .member("b/000.cls", "1")
        .finish();
  }

  private static List<TarSample> readAll(byte[] shard) throws IOException {
    List<TarSample> out = new ArrayList<>();
    try (TarSampleReader reader =
        new TarSampleReader(new ByteArrayInputStream(shard), WANTED, 1 << 20)) {
      for (TarSample s = reader.next(); s != null; s = reader.next()) {
        out.add(s);
      }
    }
    return out;
  }

  @Test
  void groupsConsecutiveMembersByKeyAndReadsOnlyWantedExtensions() throws IOException {
    List<TarSample> samples = readAll(shard());

    assertThat(samples).extracting(TarSample::key).containsExactly("a/000", "a/001", "b/000");
    TarSample first = samples.get(0);
    assertThat(first.members()).containsOnlyKeys("png", "cls");
    assertThat(new String(first.image().orElseThrow().getValue(), StandardCharsets.UTF_8))
        .isEqualTo("png-0");
    assertThat(first.labelText()).contains("3");
    assertThat(samples.get(1).image().orElseThrow().getKey()).isEqualTo("jpg");
    // seg.png is not the image member: a sample whose image is under another extension has none.
    assertThat(samples.get(2).image()).isEmpty();
    assertThat(samples.get(2).labelText()).contains("1");
  }

  @Test
  void aMemberAboveTheLimitIsNotReadAndMarksItsSample() throws IOException {
    byte[] shard = new TarShards().member("x.png", new byte[5000]).member("x.cls", "1").finish();
    try (TarSampleReader reader =
        new TarSampleReader(new ByteArrayInputStream(shard), WANTED, 1000)) {
      TarSample sample = reader.next();
      assertThat(sample.image()).isEmpty();
      assertThat(sample.problem()).contains("x.png").contains("5,000 bytes");
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void aShardCutInsideAMemberReturnsEveryCompleteSampleThenFails() throws IOException {
    byte[] whole =
        new TarShards()
            .member("0.png", "first image")
            .member("0.cls", "1")
            .member("1.png", new byte[3000])
            .member("1.cls", "2")
            .finish();
    // Headers and contents fill 512-byte blocks: 0.png, 0.cls, then 1.png's header and 1,000 of
    // its 3,000 bytes.
    byte[] cut = Arrays.copyOf(whole, 512 * 5 + 1000);
    try (TarSampleReader reader =
        new TarSampleReader(new ByteArrayInputStream(cut), WANTED, 1 << 20)) {
      assertThat(reader.next().key()).isEqualTo("0");
      assertThatThrownBy(reader::next)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("1.png");
    }
  }

  @Test
  void aShardCutBetweenMembersFails() throws IOException {
    byte[] whole =
        new TarShards().member("0.png", "a").member("0.cls", "1").member("1.png", "b").finish();
    byte[] cut = Arrays.copyOf(whole, 512 * 4);
    try (TarSampleReader reader =
        new TarSampleReader(new ByteArrayInputStream(cut), WANTED, 1 << 20)) {
      assertThat(reader.next().key()).isEqualTo("0");
      assertThatThrownBy(reader::next).isInstanceOf(IOException.class);
    }
  }

  @Test
  void bytesThatAreNotATarFail() {
    byte[] noise = new byte[4096];
    new java.util.Random(1).nextBytes(noise);
    assertThatThrownBy(() -> readAll(noise)).isInstanceOf(IOException.class);
  }

  @Test
  void keysSplitAtTheFirstDotOfTheFileName() {
    assertThat(TarSample.keyAndExtension("dir.v2/img.001.PNG"))
        .containsExactly("dir.v2/img", "001.png");
    assertThat(TarSample.keyAndExtension("noext")).isNull();
    assertThat(TarSample.keyAndExtension("dir/.hidden")).isNull();
  }
}
