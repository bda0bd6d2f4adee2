package io.robustness.jobs.dataset;

import io.robustness.jobs.config.Keys;

/** Why a listed file is not scored (and not an error either). */
final class SkipReasons {

  static final String HIDDEN = "hidden file";
  static final String EXTENSION = "extension not in " + Keys.DATASET_EXTENSIONS;
  static final String OUTSIDE_CLASS_FOLDER = "not inside a class folder";

  private SkipReasons() {}

  /** Hadoop's and the desktop's convention: names starting with '.' or '_' are not data. */
  static boolean isHidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  /** True when any folder or file name of a '/'-separated path is hidden. */
  static boolean isHiddenPath(String relative) {
    for (String part : relative.split("/")) {
      if (isHidden(part)) {
        return true;
      }
    }
    return false;
  }
}
