package dev.latentq.engine.residency;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.WeightFiles;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.ModelProfile;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
    return new ModelSource(id, pinned, WeightFiles.bytes(folder), true, () -> ModelProfile.read(folder),
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
}
