package io.robustness.jobs.audit;

import io.robustness.core.metrics.CurvePoint;
import io.robustness.jobs.tables.RunRecord;
import java.util.List;
import java.util.Map;

/**
 * What a finished audit reports back: its runs row, its overall curve, where the tables and the
 * report are ({@code reportUri} null when the report was switched off or could not be written, see
 * {@code reportProblem}).
 */
public record AuditResult(
    RunRecord run,
    List<CurvePoint> curve,
    String outputRoot,
    Map<String, Long> skipped,
    String reportUri,
    String reportProblem) {}
