package io.robustness.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BracePatternTest {

  @Test
  void rangesKeepTheWidthOfTheirFirstBound() {
    List<String> names = BracePattern.expand("s3a://b/train-{000000..000099}.tar");
    assertThat(names).hasSize(100);
    assertThat(names.get(0)).isEqualTo("s3a://b/train-000000.tar");
    assertThat(names.get(99)).isEqualTo("s3a://b/train-000099.tar");
    assertThat(BracePattern.expand("x{8..10}")).containsExactly("x8", "x9", "x10");
  }

  @Test
  void listsAndSeveralBracesMultiplyOut() {
    assertThat(BracePattern.expand("{train,val}-{0..1}.tar"))
        .containsExactly("train-0.tar", "train-1.tar", "val-0.tar", "val-1.tar");
    assertThat(BracePattern.expand("plain.tar")).containsExactly("plain.tar");
  }

  @Test
  void malformedPatternsAreRefusedByName() {
    assertThatThrownBy(() -> BracePattern.expand("a-{000..").toString())
        .hasMessageContaining("a-{000..");
    assertThatThrownBy(() -> BracePattern.expand("a-{9..1}.tar"))
        .hasMessageContaining("counts down");
    assertThatThrownBy(() -> BracePattern.expand("a-{x..y}.tar"))
        .hasMessageContaining("whole numbers");
    assertThatThrownBy(() -> BracePattern.expand("a-{0..99999999}.tar"))
        .hasMessageContaining("more than");
  }
}
