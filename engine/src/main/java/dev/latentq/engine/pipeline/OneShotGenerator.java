package dev.latentq.engine.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates one request's images start to finish on the step-level batch API: the command line's path, and
 * the reference the worker's output is compared with.
 */
public final class OneShotGenerator {
  private final DiffusionModel model;
  private final int maxRowsPerCall;

  /**
   * @param maxRowsPerCall U-Net rows per call (a guided image takes two)
   */
  public OneShotGenerator(DiffusionModel model, int maxRowsPerCall) {
    this.model = model;
    this.maxRowsPerCall = maxRowsPerCall;
  }

  /** The request's images in index order. */
  public List<DecodedImage> generate(GenerationRequest request) {
    List<Sample> samples = model.prepare(request, request);
    List<Sample> finished = new ArrayList<>(samples.size());
    try (DenoiseBatch batch = model.newBatch(maxRowsPerCall)) {
      samples.forEach(batch::add);
      while (!batch.isEmpty()) {
        DenoiseBatch.StepResult step = batch.step();
        if (!step.failed().isEmpty()) {
          throw step.failed().values().iterator().next();
        }
        finished.addAll(step.finished());
      }
    }
    finished.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return model.decode(finished);
  }
}
