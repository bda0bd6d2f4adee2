package io.robustness.jobs;

import picocli.CommandLine.IVersionProvider;

/**
 * The version recorded in every run: the jar's implementation version, or "dev" when run from
 * classes.
 */
public final class CodeVersion implements IVersionProvider {

  public static String current() {
    String version = CodeVersion.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"robustness " + current()};
  }
}
