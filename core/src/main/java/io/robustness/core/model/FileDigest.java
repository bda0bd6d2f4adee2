package io.robustness.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of files, remembered per (path, size, modification time) so that asking for the cache key
 * of a large model once per Spark partition does not re-read it every time.
 */
public final class FileDigest {

  private static final Map<Stamp, String> KNOWN = new ConcurrentHashMap<>();

  private FileDigest() {}

  private record Stamp(Path path, long size, long modifiedNanos) {}

  /** Hex SHA-256 of the file's content. */
  public static String sha256(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    Stamp stamp =
        new Stamp(
            file.toAbsolutePath().normalize(),
            attributes.size(),
            attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
    try {
      return KNOWN.computeIfAbsent(stamp, s -> compute(s.path()));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Hex SHA-256 of bytes. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  private static String compute(Path file) {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
