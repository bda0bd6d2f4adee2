package io.robustness.jobs.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory, now and at its peak, from /proc (Linux); -1 elsewhere. */
public final class ProcessMemory {

  private ProcessMemory() {}

  /** Resident set size now, in kilobytes. */
  public static long residentKb() {
    return field("VmRSS:");
  }

  /** The largest resident set size so far, in kilobytes. */
  public static long peakResidentKb() {
    return field("VmHWM:");
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
