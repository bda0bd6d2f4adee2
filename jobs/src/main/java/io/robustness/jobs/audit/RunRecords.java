package io.robustness.jobs.audit;

import io.robustness.core.attack.AttackSpec;
import io.robustness.jobs.CodeVersion;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.Secrets;
import io.robustness.jobs.dataset.Work;
import io.robustness.jobs.tables.RunRecord;
import java.util.Map;

/** The run's {@code runs} row as it starts, and what its message says when it fails. */
final class RunRecords {

  private RunRecords() {}

  static RunRecord initial(
      AuditSettings settings, Preflight.Checked checked, Work work, String master, String attempt) {
    return new RunRecord(
        settings.run().id(),
        RunRecord.RUNNING,
        settings.run().startedAt(),
        null,
        Secrets.stripUserInfo(settings.model().uri()),
        checked.modelSha256(),
        Secrets.stripUserInfo(settings.dataset().uri()),
        Math.max(0, work.knownCount()) + work.skippedTotal(),
        0,
        0,
        work.skippedTotal(),
        settings.attack().epsilons(),
        String.join(",", settings.attackSpecs().stream().map(AttackSpec::description).toList()),
        settings.configJson(),
        master,
        0,
        Map.of(),
        CodeVersion.current(),
        null,
        settings.dataset().layout().configName(),
        settings.dataset().sample().fraction(),
        settings.dataset().sample().capsClasses() ? settings.dataset().sample().perClass() : null,
        settings.dataset().sample().seed(),
        attempt);
  }

  /** The exception and its root cause in one line, user info stripped from any URI. */
  static String failureMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Secrets.stripUserInfo(
        e.getClass().getSimpleName()
            + ": "
            + e.getMessage()
            + (root != e
                ? " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")"
                : ""));
  }
}
