package io.robustness.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Resolves relative local paths in settings: against the folder of the file that set the value, or
 * the current directory for -D and --set values, so that a conf file can name data beside it and
 * run from anywhere. URIs with a scheme and absolute paths are left as they are (an absolute path
 * then means the cluster's default file system).
 */
public final class LocalPaths {

  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

  private LocalPaths() {}

  /** True for a URI with a scheme ({@code s3a://b/x}, {@code file:/x}) or an absolute path. */
  public static boolean isAbsolute(String value) {
    return SCHEME.matcher(value).matches() || value.startsWith("/");
  }

  static String resolve(Config config, String key, String value) {
    if (value == null || value.isEmpty() || isAbsolute(value)) {
      return value;
    }
    // Not Path.toUri(): its percent-encoding (a space, the braces of a shard pattern) would reach
    // Hadoop's Path, which takes every character literally.
    Path resolved = base(config.getValue(key).origin()).resolve(value).normalize();
    return "file://" + resolved + (Files.isDirectory(resolved) ? "/" : "");
  }

  private static Path base(ConfigOrigin origin) {
    if (origin.filename() != null) {
      Path parent = Path.of(origin.filename()).toAbsolutePath().getParent();
      if (parent != null) {
        return parent;
      }
    }
    URL url = origin.url();
    if (url != null && "file".equals(url.getProtocol())) {
      return Path.of(url.getPath()).toAbsolutePath().getParent();
    }
    return Path.of("").toAbsolutePath();
  }
}
