package dev.latentq.worker.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the default model ({@code models/shapes-sd}) from the working directory or the jar's location. */
final class DefaultModel {
  static final Path RELATIVE = Path.of("models", "shapes-sd");

  private DefaultModel() {}

  static Path locate() {
    if (Files.isRegularFile(RELATIVE.resolve("model_index.json"))) {
      return RELATIVE;
    }
    try {
      Path here = Path.of(DefaultModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = here; dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve(RELATIVE).resolve("model_index.json"))) {
          return dir.resolve(RELATIVE);
        }
      }
    } catch (URISyntaxException | SecurityException e) {
      // Fall through to the error below, which says what to do.
    }
    throw new UsageException("the default model " + RELATIVE + " was not found next to the working directory or the"
        + " jar: run from the repository root or pass --model DIR");
  }
}
