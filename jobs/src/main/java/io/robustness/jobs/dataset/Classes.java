package io.robustness.jobs.dataset;

import io.robustness.core.model.ModelSpec;
import java.io.Serializable;
import java.util.List;

/**
 * The model's classes in output order, as the data names them: by name, or by index as digits.
 *
 * @param names the class names
 */
public record Classes(List<String> names) implements Serializable {

  public Classes {
    names = List.copyOf(names);
  }

  /** The class a label names, or -1 when it names none. */
  public int index(String nameOrIndex) {
    return ModelSpec.classIndex(names, nameOrIndex);
  }

  public int count() {
    return names.size();
  }
}
