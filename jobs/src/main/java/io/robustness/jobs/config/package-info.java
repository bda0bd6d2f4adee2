/**
 * Settings of the audit: layered Typesafe Config (reference.conf, --conf file, -D, --set), read and
 * validated eagerly into immutable values before Spark starts, with every problem reported at once;
 * secret redaction.
 *
 * <p>Never shipped to executors: the job hands them small serializable records instead.
 */
package io.robustness.jobs.config;
