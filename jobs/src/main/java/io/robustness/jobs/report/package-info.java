/**
 * The HTML report of a run: loaded from the result tables (never from the model), rendered into one
 * self-contained page with ECharts inlined, written through the Hadoop FileSystem API.
 */
package io.robustness.jobs.report;
