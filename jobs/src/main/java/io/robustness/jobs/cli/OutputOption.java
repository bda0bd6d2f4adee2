package io.robustness.jobs.cli;

import picocli.CommandLine.Option;

/** The output root, for the commands that work on existing tables. */
final class OutputOption {

  @Option(
      names = "--output",
      required = true,
      paramLabel = "URI",
      description = "root of the result tables")
  String uri;
}
