package io.robustness.jobs.dataset;

import java.net.URI;

/**
 * The id an image is sampled by: its image_path relative to the dataset's root, so that a sample
 * stays the same when the data moves to another folder or bucket.
 */
final class SampleIds {

  private SampleIds() {}

  /**
   * @param root the dataset's root as a URI or path, with or without a trailing slash
   */
  static String relative(String root, String path) {
    String normalized = normalize(path);
    String base = slash(normalize(root));
    if (normalized.startsWith(base)) {
      return normalized.substring(base.length());
    }
    // A manifest's paths may be plain paths below a qualified root, or the other way round.
    String rootPath = slash(pathOf(base));
    String pathOnly = pathOf(normalized);
    return rootPath.length() > 1 && pathOnly.startsWith(rootPath)
        ? pathOnly.substring(rootPath.length())
        : normalized;
  }

  /** {@code file:///x} and {@code file:/x} name the same file; Hadoop and Spark write both. */
  private static String normalize(String uri) {
    return uri.startsWith("file:///") ? "file:/" + uri.substring("file:///".length()) : uri;
  }

  private static String pathOf(String uri) {
    try {
      String p = new URI(uri.replace(" ", "%20").replace("#", "%23")).getPath();
      return p == null ? uri : p;
    } catch (java.net.URISyntaxException e) {
      return uri;
    }
  }

  private static String slash(String s) {
    return s.replaceFirst("/*$", "/");
  }
}
