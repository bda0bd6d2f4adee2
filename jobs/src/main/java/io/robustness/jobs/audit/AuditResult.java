package io.robustness.jobs.audit;

import io.robustness.core.metrics.CurvePoint;
import io.robustness.jobs.tables.RunRecord;
import java.util.List;
import java.util.Map;

/** What a finished audit reports back: its runs row, its overall curve and where the tables are. */
public record AuditResult(
    RunRecord run, List<CurvePoint> curve, String outputRoot, Map<String, Long> skipped) {}
