/**
 * The Spark side of the robustness evaluator: settings, the audit job, result tables and the
 * command line.
 *
 * <p>Thin by design: every computation on images, models and metrics is delegated to {@code
 * io.robustness.core}.
 */
package io.robustness.jobs;
