/**
 * The object store as the jobs need it to be: metadata operations and small files that survive the
 * passing faults of a store under load (503 SlowDown, reset connections, timeouts) by retrying what
 * is safe to retry. Knows Hadoop's file systems only; nothing of tables, audits or commands.
 */
package io.robustness.jobs.store;
