/**
 * Where {@code robustness.output}'s settings meet the tables: the reader and the committer of the
 * tables in the format and catalog the settings name, for the audit, hardening and the commands.
 */
package io.robustness.jobs.output;
