/**
 * The {@code robustness} command line: one picocli command per subcommand, each a thin shell that
 * parses arguments and hands over to the job, table or core code that does the work.
 */
package io.robustness.jobs.cli;
