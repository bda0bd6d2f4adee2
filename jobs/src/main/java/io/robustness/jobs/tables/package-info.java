/**
 * The result tables: their names and schemas, how each is derived from the per-image rows, and the
 * staging and commit of a run so that readers only ever see whole runs.
 */
package io.robustness.jobs.tables;
