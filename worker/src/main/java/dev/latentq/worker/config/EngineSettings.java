package dev.latentq.worker.config;

import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.model.ExecutionProvider;
import java.util.Objects;

/**
 * How the engine thread runs the models: the {@code engine} keys of {@code latentq-example.yaml}, which documents
 * each one and its default.
 *
 * @param mode {@value #ONNX} (run the models) or {@value #SIMULATED} (sleep by {@code costModel}, for load tests)
 * @param scheduling admission, decode and text batching, preemption and step latency (the {@code engine} keys named
 *     after {@link SchedulingOptions}' components)
 * @param memoryBudget most bytes the loaded models may take; 0 means no limit
 */
public record EngineSettings(String mode, ExecutionProvider provider, int deviceId, int intraOpThreads, int maxBatch,
    int maxQueuedJobs, String costModel, String tensorRtCacheDir, SchedulingOptions scheduling, long memoryBudget) {
  public static final String ONNX = "onnx";
  public static final String SIMULATED = "simulated";

  public EngineSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(scheduling, "scheduling");
  }

  /** Settings without a memory budget. */
  public EngineSettings(String mode, ExecutionProvider provider, int deviceId, int intraOpThreads, int maxBatch,
      int maxQueuedJobs, String costModel, String tensorRtCacheDir, SchedulingOptions scheduling) {
    this(mode, provider, deviceId, intraOpThreads, maxBatch, maxQueuedJobs, costModel, tensorRtCacheDir, scheduling, 0);
  }

  /** Settings with the engine library's default scheduling and no memory budget. */
  public EngineSettings(String mode, ExecutionProvider provider, int deviceId, int intraOpThreads, int maxBatch,
      int maxQueuedJobs, String costModel, String tensorRtCacheDir) {
    this(mode, provider, deviceId, intraOpThreads, maxBatch, maxQueuedJobs, costModel, tensorRtCacheDir,
        SchedulingOptions.DEFAULTS);
  }

  public boolean simulated() {
    return SIMULATED.equals(mode);
  }
}
