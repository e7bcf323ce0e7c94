package dev.latentq.engine.model;

/**
 * How ONNX Runtime sessions are created.
 *
 * @param provider where the models run
 * @param deviceId GPU ordinal for CUDA/TensorRT
 * @param intraOpThreads threads per operator; 0 lets ONNX Runtime use one per core
 * @param tensorRtCacheDir where TensorRT keeps built engines (empty: no cache), so restarts skip the slow build
 */
public record RuntimeOptions(ExecutionProvider provider, int deviceId, int intraOpThreads, String tensorRtCacheDir) {
  public RuntimeOptions {
    if (deviceId < 0) {
      throw new IllegalArgumentException("device id must be >= 0, got " + deviceId);
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
    }
    tensorRtCacheDir = tensorRtCacheDir == null ? "" : tensorRtCacheDir;
  }

  /** CPU with one thread per core. */
  public static RuntimeOptions cpu() {
    return new RuntimeOptions(ExecutionProvider.CPU, 0, 0, "");
  }
}
