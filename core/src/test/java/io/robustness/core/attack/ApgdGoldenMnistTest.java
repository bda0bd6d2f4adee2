package io.robustness.core.attack;

import io.robustness.core.testing.GoldenTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** APGD on the mnist sample set against its authors' code ({@link ApgdGolden}). */
@GoldenTest
class ApgdGoldenMnistTest {

  @ParameterizedTest(name = "mnist {0}")
  @ValueSource(strings = {"apgd-ce", "apgd-dlr"})
  void meanAccuracyPerEpsilonIsTheReferences(String kind) throws Exception {
    ApgdGolden.judge("mnist", kind);
  }
}
