/**
 * What every job needs on the driver and the executors alike: Hadoop settings built as Spark builds
 * them, local copies of remote models, the task's device, PyTorch's thread count, the process's
 * memory.
 */
package io.robustness.jobs.runtime;
