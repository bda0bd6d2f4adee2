/**
 * Run against run: resolving run ids (including {@code latest} and {@code previous}), per-epsilon
 * and per-class deltas, and the gate a nightly scheduler acts on. Pure logic apart from {@link
 * RunCurves}, which reads tables.
 */
package io.robustness.jobs.compare;
