package dev.latentq.engine.model;

import java.util.Objects;

/**
 * How ONNX Runtime sessions are created.
 *
 * @param provider where the models run
 * @param deviceId GPU ordinal for CUDA/TensorRT
 * @param intraOpThreads threads per operator; 0 lets ONNX Runtime use one per core
 * @param tensorRtCacheDir where TensorRT keeps built engines (empty: no cache), so restarts skip the slow build
 * @param tuning memory and start-up settings of every session (arena, memory patterns, prepacking, lazy parts)
 */
public record RuntimeOptions(ExecutionProvider provider, int deviceId, int intraOpThreads, String tensorRtCacheDir,
    SessionTuning tuning) {
  public RuntimeOptions {
    if (deviceId < 0) {
      throw new IllegalArgumentException("device id must be >= 0, got " + deviceId);
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
    }
    tensorRtCacheDir = tensorRtCacheDir == null ? "" : tensorRtCacheDir;
    Objects.requireNonNull(tuning, "tuning");
  }

  /** The given provider and threads with the engine's default {@link SessionTuning}. */
  public RuntimeOptions(ExecutionProvider provider, int deviceId, int intraOpThreads, String tensorRtCacheDir) {
    this(provider, deviceId, intraOpThreads, tensorRtCacheDir, SessionTuning.defaults());
  }

  /** CPU with one thread per core. */
  public static RuntimeOptions cpu() {
    return new RuntimeOptions(ExecutionProvider.CPU, 0, 0, "");
  }

  /** These options with other session settings. */
  public RuntimeOptions withTuning(SessionTuning other) {
    return new RuntimeOptions(provider, deviceId, intraOpThreads, tensorRtCacheDir, other);
  }
}
