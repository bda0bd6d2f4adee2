package io.robustness.core.attack;

import io.robustness.core.testing.GoldenTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * BIM on the fashion-mnist sample set against PyTorch's, in both modes ({@link IterativeGolden}).
 */
@GoldenTest
class IterativeGoldenFashionMnistTest {

  @ParameterizedTest(name = "fashion-mnist {0} BIM")
  @EnumSource(AttackMode.class)
  void matchesPyTorchsBim(AttackMode mode) throws Exception {
    IterativeGolden.judgeAgainstBim("fashion-mnist", mode, AttackKind.BIM);
  }
}
