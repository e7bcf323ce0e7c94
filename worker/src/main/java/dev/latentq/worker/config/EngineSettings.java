package dev.latentq.worker.config;

import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.model.ExecutionProvider;

/**
 * The {@code engine} keys of {@code latentq-example.yaml}; the keys named after {@link SchedulingOptions}' components
 * are grouped in {@code scheduling}.
 */
public record EngineSettings(String mode, ExecutionProvider provider, int deviceId, int intraOpThreads, int maxBatch,
    int maxQueuedJobs, String costModel, String tensorRtCacheDir, SchedulingOptions scheduling, long memoryBudget) {
  public static final String ONNX = "onnx";
  public static final String SIMULATED = "simulated";

  /** Settings with the engine library's default scheduling and no memory budget. */
  public EngineSettings(String mode, ExecutionProvider provider, int deviceId, int intraOpThreads, int maxBatch,
      int maxQueuedJobs, String costModel, String tensorRtCacheDir) {
    this(mode, provider, deviceId, intraOpThreads, maxBatch, maxQueuedJobs, costModel, tensorRtCacheDir,
        SchedulingOptions.DEFAULTS, 0);
  }

  public boolean simulated() {
    return SIMULATED.equals(mode);
  }
}
