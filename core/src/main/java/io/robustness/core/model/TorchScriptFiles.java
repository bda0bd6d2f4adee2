package io.robustness.core.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens a TorchScript file through DJL, the one way the product does: trainable parameter storage
 * (DJL's {@code trainParam}; otherwise the weights are inference tensors and no backward pass
 * works) and any saved device mapped onto {@code device}. Failures name the file and the fix.
 */
public final class TorchScriptFiles {

  private TorchScriptFiles() {}

  /**
   * @param name the DJL model's name
   * @throws ModelLoadException when the file is missing or is not TorchScript
   */
  public static Model open(Path file, String name, Device device) throws ModelLoadException {
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(
          "model file " + file + " does not exist or is not a file: check the model URI");
    }
    PyTorchRuntime.engine();
    Model model = Model.newInstance(name, device, PyTorchRuntime.ENGINE_NAME);
    try {
      // mapLocation: a model saved on a GPU must still load on a CPU, and the other way round.
      model.load(file, null, Map.of("trainParam", "true", "mapLocation", "true"));
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new ModelLoadException(
          "model file "
              + file
              + " is not a TorchScript module PyTorch can load ("
              + e.getMessage()
              + "): export it with torch.jit.trace or torch.jit.script and save it with"
              + " torch.jit.save",
          e);
    }
  }
}
