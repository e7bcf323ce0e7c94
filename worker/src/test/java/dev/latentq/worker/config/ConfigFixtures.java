package dev.latentq.worker.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Builds config files and model folders in a test's temporary directory. */
final class ConfigFixtures {
  private ConfigFixtures() {}

  /** A folder that passes the loader's check: it holds a model_index.json. */
  static Path modelFolder(Path parent, String name) {
    Path folder = parent.resolve(name);
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionPipeline\"}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return folder;
  }

  static Path write(Path dir, String fileName, String content) {
    try {
      Path file = dir.resolve(fileName);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An environment with one valid model, so that tests about other keys pass the "at least one model" rule. */
  static Map<String, String> envWithModel(Path dir, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("LATENTQ_MODELS", "m=" + modelFolder(dir, "m"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  static WorkerConfig loadEnv(Path dir, String... pairs) {
    return ConfigLoader.load(Optional.empty(), envWithModel(dir, pairs), dir);
  }

  static WorkerConfig loadFile(Path file, Map<String, String> env) {
    return ConfigLoader.load(Optional.of(file), env, file.getParent());
  }
}
