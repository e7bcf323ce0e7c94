package dev.latentq.worker.jobs;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.loras.LoraFetchException;
import dev.latentq.worker.loras.LoraFetcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Brings the job's bucket LoRAs into the local cache, then builds (or finds) the model's variant for its LoRA set on
 * a worker thread, so that an unknown, unreadable or corrupt LoRA, or one that does not fit the model, fails here
 * and the engine thread never stalls building it. Passes the job's input images on unchanged. The fetched files stay
 * in the cache until {@link #release} at the job's end.
 */
final class LoraStage implements JobStage<InputImages, InputImages> {
  private final Vertx vertx;
  private final Function<String, DiffusionModel> models;
  private final LoraFetcher fetcher;
  // By identity: two jobs with equal contents (a redelivered id) hold their files apart.
  private final Map<ResolvedJob, LoraFetcher.Held> held = Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * @param models the engine's model by id if it is loaded now, else null: an unloaded model's LoRA set is checked
   *     when its jobs join a batch on the loaded model
   */
  LoraStage(Vertx vertx, Function<String, DiffusionModel> models, LoraFetcher fetcher) {
    this.vertx = vertx;
    this.models = models;
    this.fetcher = fetcher;
  }

  @Override
  public Future<InputImages> apply(ResolvedJob job, InputImages inputs) {
    LoraSet set = job.request().loras();
    if (set.isEmpty()) {
      return Future.succeededFuture(inputs);
    }
    return fetcher.acquire(set)
        .recover(e -> Future.failedFuture(e instanceof LoraFetchException f
            ? new JobFailedException(f.code(), f.getMessage(), f) : e))
        .compose(files -> {
          held.put(job, files);
          DiffusionModel model = models.apply(job.job().model());
          return model == null ? Future.succeededFuture(Optional.<String>empty())
              : Future.fromCompletionStage(model.checkLorasOnLoraThread(set), vertx.getOrCreateContext());
        })
        .compose(problem -> problem.isEmpty()
            ? Future.succeededFuture(inputs)
            : Future.failedFuture(new JobFailedException(FailureCode.UNSUPPORTED_REQUEST, problem.get(), null)));
  }

  /** Lets the cache evict the job's fetched LoRAs again; once its outcome is settled, whatever it was. */
  void release(ResolvedJob job) {
    LoraFetcher.Held files = held.remove(job);
    if (files != null) {
      fetcher.release(files);
    }
  }
}
