package dev.latentq.worker.jobs;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.protocol.FailureCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;

/**
 * Builds (or finds) the model's variant for the job's LoRA set on a worker thread, so that a LoRA that does not fit
 * the model fails here ({@code unsupported_request}) and the engine thread never stalls building it. Passes the
 * job's input images on unchanged.
 */
final class LoraStage implements JobStage<InputImages, InputImages> {
  private final Vertx vertx;
  private final Function<String, DiffusionModel> models;

  /** @param models the engine's model by id, or null when it has none by that id */
  LoraStage(Vertx vertx, Function<String, DiffusionModel> models) {
    this.vertx = vertx;
    this.models = models;
  }

  @Override
  public Future<InputImages> apply(ResolvedJob job, InputImages inputs) {
    LoraSet set = job.request().loras();
    DiffusionModel model = models.apply(job.job().model());
    if (set.isEmpty() || model == null) {
      return Future.succeededFuture(inputs);
    }
    return vertx.executeBlocking(() -> model.checkLoras(set), false).compose(problem -> problem.isEmpty()
        ? Future.succeededFuture(inputs)
        : Future.failedFuture(new JobFailedException(FailureCode.UNSUPPORTED_REQUEST, problem.get(), null)));
  }
}
