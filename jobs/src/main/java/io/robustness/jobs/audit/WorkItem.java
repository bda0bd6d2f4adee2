package io.robustness.jobs.audit;

import java.io.Serializable;

/**
 * One image to score: its full URI, true class index and target class index (-1 when untargeted).
 */
public record WorkItem(String path, int label, int target) implements Serializable {}
