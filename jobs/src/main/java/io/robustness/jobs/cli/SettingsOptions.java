package io.robustness.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What a run reads its settings from, for the commands that run an audit. */
final class SettingsOptions {

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "HOCON settings file (see conf/audit-template.conf)")
  Path conf;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override one setting; repeatable")
  List<String> sets = new ArrayList<>();
}
