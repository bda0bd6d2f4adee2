package io.robustness.core.dataset;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One WebDataset sample: the members of a shard that share a key ({@code dir/name} up to the first
 * dot of the file name), by extension (the rest of the name, lower case: {@code png}, {@code cls},
 * {@code seg.png}).
 *
 * @param problem why the sample cannot be used as it is (a member above the size limit), or null
 */
public record TarSample(String key, Map<String, byte[]> members, String problem) {

  public static final java.util.List<String> IMAGE_EXTENSIONS =
      java.util.List.of("png", "jpg", "jpeg");
  public static final String LABEL_EXTENSION = "cls";

  public TarSample {
    members = Map.copyOf(members);
  }

  /** The image member's extension and bytes, the first of png, jpg, jpeg present. */
  public Optional<Map.Entry<String, byte[]>> image() {
    for (String ext : IMAGE_EXTENSIONS) {
      byte[] bytes = members.get(ext);
      if (bytes != null) {
        return Optional.of(Map.entry(ext, bytes));
      }
    }
    return Optional.empty();
  }

  /** The {@code .cls} member's text, trimmed, or empty when the sample has none. */
  public Optional<String> labelText() {
    byte[] bytes = members.get(LABEL_EXTENSION);
    return bytes == null
        ? Optional.empty()
        : Optional.of(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).trim());
  }

  /** Splits a member's path into key and extension; null for names without an extension. */
  static String[] keyAndExtension(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.indexOf('.', slash + 1);
    if (dot <= slash + 1 || dot == path.length() - 1) {
      return null;
    }
    return new String[] {path.substring(0, dot), path.substring(dot + 1).toLowerCase(Locale.ROOT)};
  }
}
