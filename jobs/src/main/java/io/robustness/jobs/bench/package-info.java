/**
 * Benchmarks, run as commands (never as tests): the core scoring path against the bare model
 * compute. They return what they measured; the command line prints it.
 */
package io.robustness.jobs.bench;
