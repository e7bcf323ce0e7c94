package dev.latentq.worker.config;

import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.model.ExecutionProvider;
import java.util.Objects;

/**
 * How the engine thread runs the models.
 *
 * @param mode {@value #ONNX} (run the models, default) or {@value #SIMULATED} (sleep by {@code costModel}, for load
 *     tests without a GPU)
 * @param provider where ONNX Runtime executes (default cpu)
 * @param deviceId GPU index for cuda/tensorrt (default 0)
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (default 0)
 * @param maxBatch most samples per U-Net call (default 8)
 * @param maxQueuedJobs most jobs admitted but not finished; intake pauses beyond it (default 32)
 * @param costModel the simulated accelerator's cost model: a built-in name ({@code h100-sd15-graph}, the default, or
 *     {@code h100-sd15-eager}) or a YAML/JSON file; only read in simulated mode
 * @param tensorRtCacheDir where the TensorRT provider keeps built engines so restarts skip the minutes-long build
 *     (empty: no cache)
 * @param scheduling admission policy ({@code engine.admission}, {@code engine.maxQueueDelay}) and decode and text
 *     batching ({@code engine.maxDecodeBatch}, {@code engine.maxDecodeDelay}, {@code engine.batchTextEncoding}) and priority preemption
 *     ({@code engine.maxPreemptions}) and the step latency budget ({@code engine.maxStepLatency})
 * @param memoryBudget bytes the loaded models and their LoRA variants may hold together ({@code engine.memoryBudget},
 *     e.g. {@code 6GiB}); models load on first use and the least recently used idle one is evicted to make room.
 *     0 (default): no limit
 */
public record EngineSettings(String mode, ExecutionProvider provider, int deviceId, int intraOpThreads, int maxBatch,
    int maxQueuedJobs, String costModel, String tensorRtCacheDir, SchedulingOptions scheduling, long memoryBudget) {

  /** Settings without a memory budget. */
  public EngineSettings(String mode, ExecutionProvider provider, int deviceId, int intraOpThreads, int maxBatch,
      int maxQueuedJobs, String costModel, String tensorRtCacheDir, SchedulingOptions scheduling) {
    this(mode, provider, deviceId, intraOpThreads, maxBatch, maxQueuedJobs, costModel, tensorRtCacheDir, scheduling,
        0);
  }

  /** Settings with the default scheduling. */
  public EngineSettings(String mode, ExecutionProvider provider, int deviceId, int intraOpThreads, int maxBatch,
      int maxQueuedJobs, String costModel, String tensorRtCacheDir) {
    this(mode, provider, deviceId, intraOpThreads, maxBatch, maxQueuedJobs, costModel, tensorRtCacheDir,
        SchedulingOptions.DEFAULTS);
  }

  public static final String ONNX = "onnx";
  public static final String SIMULATED = "simulated";

  public EngineSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(scheduling, "scheduling");
    if (memoryBudget < 0) {
      throw new IllegalArgumentException("memoryBudget must be >= 0 (0: no limit), got " + memoryBudget);
    }
  }

  public boolean simulated() {
    return SIMULATED.equals(mode);
  }
}
