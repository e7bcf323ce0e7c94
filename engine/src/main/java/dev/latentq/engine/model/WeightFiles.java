package dev.latentq.engine.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The bytes of ONNX graphs and their external weight files in a folder: the least a session over them holds, since
 * ONNX Runtime copies the initializers into its own buffers. The floor of what loading a model, or one of its parts,
 * is expected to cost.
 */
public final class WeightFiles {
  private WeightFiles() {}

  /**
   * Bytes of the weight files in {@code folder} and its direct subfolders (an export's components; a LoRA folder
   * inside it does not count); 0 when unreadable.
   */
  public static long bytes(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder, 2)) {
      return files.filter(Files::isRegularFile).filter(WeightFiles::isWeightFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private static boolean isWeightFile(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".onnx") || name.endsWith(".onnx_data") || name.endsWith(".onnx.data")
        || name.equals("weights.pb") || name.endsWith(".pb");
  }
}
