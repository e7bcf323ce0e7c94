package dev.latentq.engine.residency;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.ModelProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A model the pool can load, what it is expected to cost, and how to learn its facts without loading it.
 *
 * @param sizeHint bytes the model is expected to hold once loaded, used before it was ever measured and when a load
 *     cannot be measured (weight bytes on disk for an export, a declared size for a simulated model)
 * @param measured whether to measure the resident memory a load adds (true for ONNX exports); a simulated model
 *     allocates nothing like its real counterpart, so it costs its declared size
 * @param profile the model's facts (what intake checks jobs against); for an export, read from its files without
 *     opening a session
 */
public record ModelSource(String id, boolean pinned, long sizeHint, boolean measured, Supplier<ModelProfile> profile,
    Supplier<DiffusionModel> loader) {
  public ModelSource {
    if (sizeHint < 0) {
      throw new IllegalArgumentException("model " + id + ": size hint must be >= 0, got " + sizeHint);
    }
  }

  /** A source whose facts are learned by loading it once and closing it (cheap models: simulated, tests). */
  public ModelSource(String id, boolean pinned, long sizeHint, boolean measured, Supplier<DiffusionModel> loader) {
    this(id, pinned, sizeHint, measured, () -> probe(loader), loader);
  }

  /**
   * An ONNX export in {@code folder}, expected to cost at least its weight files' bytes until measured; its profile
   * is read from the files.
   */
  public static ModelSource export(String id, boolean pinned, Path folder, RuntimeOptions runtime) {
    return new ModelSource(id, pinned, weightBytes(folder), true, () -> ModelProfile.read(folder),
        () -> DiffusionModel.load(folder, runtime));
  }

  /** This source, with {@code setup} applied to every copy it loads (e.g. how many LoRA variants it keeps). */
  public ModelSource configured(Consumer<DiffusionModel> setup) {
    return new ModelSource(id, pinned, sizeHint, measured, profile, () -> {
      DiffusionModel model = loader.get();
      setup.accept(model);
      return model;
    });
  }

  /** The profile of a model loaded for the purpose and closed again. */
  private static ModelProfile probe(Supplier<DiffusionModel> loader) {
    try (DiffusionModel model = loader.get()) {
      return model.profile();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing a model after reading its facts failed: " + e.getMessage(), e);
    }
  }

  /** A model whose cost is declared, not measured (a simulated accelerator's model); its facts come from a load. */
  public static ModelSource declared(String id, boolean pinned, long bytes, Supplier<DiffusionModel> loader) {
    return new ModelSource(id, pinned, bytes, false, loader);
  }

  /**
   * Bytes of an export's ONNX graphs and external weight files (a LoRA folder inside it does not count): the least a
   * loaded copy holds, since ONNX Runtime copies the initializers into its own buffers. 0 when unreadable.
   */
  public static long weightBytes(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder, 2)) {
      return files.filter(Files::isRegularFile).filter(ModelSource::isWeightFile).mapToLong(f -> {
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
