package io.robustness.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.robustness.core.model.ModelSpec;
import java.util.List;
import java.util.Optional;

/**
 * {@code robustness.model}: the TorchScript file and its descriptor, read by the core's one reader
 * ({@link ModelSpec#read}), so a descriptor file and these settings mean the same.
 */
public record ModelSettings(String uri, ModelSpec spec) {

  /** The spec's problems carry the full keys, like {@code robustness.model.input.mean}. */
  private static final String PREFIX = Keys.MODEL + ".";

  static ModelSettings read(SettingsReader r) {
    String uri = r.location(Keys.MODEL_URI, "the TorchScript file of the model");
    Optional<Config> section = section(r);
    if (section.isEmpty()) {
      return new ModelSettings(uri, null);
    }
    ModelSpec.Reading reading = ModelSpec.read(section.get(), PREFIX);
    r.addAll(reading.problems());
    return new ModelSettings(uri, reading.spec());
  }

  /**
   * The class names alone, readable even when the rest of the spec is not, so that the dataset can
   * still be checked against them.
   */
  static Optional<List<String>> classes(Config config) {
    try {
      List<String> names = config.getStringList(Keys.MODEL_CLASSES);
      return names.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(names));
    } catch (ConfigException e) {
      return Optional.empty();
    }
  }

  private static Optional<Config> section(SettingsReader r) {
    try {
      return Optional.of(r.config().getConfig(Keys.MODEL));
    } catch (ConfigException e) {
      r.add(Keys.MODEL + " must be a section with uri, input and classes (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }
}
