package io.robustness.core.attack;

import org.junit.jupiter.api.Test;

/**
 * PGD with its random start off takes BIM's steps through PGD's own code path: judged against
 * PyTorch's BIM like {@link IterativeGolden}, once, in the default run. What it adds to that test
 * is the code path, which no kernel set changes, so it is not repeated under each.
 */
class PgdWithoutRandomStartTest {

  @Test
  void takesBimsStepsAsPyTorchDoes() throws Exception {
    IterativeGolden.judgeAgainstBim("mnist", AttackMode.UNTARGETED, AttackKind.PGD);
  }
}
