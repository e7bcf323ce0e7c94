package dev.latentq.engine.model;

import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import java.nio.file.Path;
import java.util.Map;

/** Creates ONNX Runtime sessions for one execution provider, turning provider and load failures into clear errors. */
public final class SessionFactory {
  private final OrtEnvironment env;
  private final RuntimeOptions options;

  public SessionFactory(OrtEnvironment env, RuntimeOptions options) {
    this.env = env;
    this.options = options;
  }

  public OrtEnvironment environment() {
    return env;
  }

  public RuntimeOptions options() {
    return options;
  }

  /**
   * Loads {@code file}; external weights ({@code model.onnx_data}, {@code weights.pb}) are resolved by ONNX
   * Runtime relative to the file, so they must sit next to it.
   */
  public OrtSession open(Path file) {
    return open(file, Map.of());
  }

  /**
   * Loads {@code file} with some initializers replaced by {@code overrides} (patched LoRA weights), without
   * rewriting the file. ONNX Runtime uses the override tensors' memory: keep them open until the session is closed.
   */
  public OrtSession open(Path file, Map<String, OnnxTensorLike> overrides) {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      // Overrides are bound after graph optimization: a level that rewrites weights into new initializers (the CPU
      // layout pass reorders Conv weights; extended fusions may pack attention weights) would silently drop them.
      // Basic optimization keeps every MatMul/Gemm/Conv weight under its own name (LoCon golden cases check this).
      SessionTuning tuning = options.tuning();
      so.setOptimizationLevel(overrides.isEmpty() ? optLevel(tuning.optimization())
          : OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      if (options.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(options.intraOpThreads());
      }
      so.setInterOpNumThreads(1);
      so.setCPUArenaAllocator(tuning.cpuArena());
      so.setMemoryPatternOptimization(tuning.memoryPattern());
      if (!tuning.prepacking()) {
        so.addConfigEntry("session.disable_prepacking", "1");
      }
      if (!tuning.threadSpinning()) {
        so.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      addProvider(so);
      for (Map.Entry<String, OnnxTensorLike> e : overrides.entrySet()) {
        so.addInitializer(e.getKey(), e.getValue());
      }
      return env.createSession(file.toString(), so);
    } catch (OrtException e) {
      throw new ModelLoadException("cannot load " + file + " with ONNX Runtime: " + e.getMessage()
          + " (check that the file is a complete ONNX export and that any external weights file,"
          + " model.onnx_data or weights.pb, sits next to it)", e);
    } finally {
      // The session keeps what it needs; the options object only holds native configuration.
      so.close();
    }
  }

  private static OrtSession.SessionOptions.OptLevel optLevel(SessionTuning.GraphOptimization level) {
    return switch (level) {
      case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
      case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
      case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
      case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
    };
  }

  private void addProvider(OrtSession.SessionOptions so) throws OrtException {
    switch (options.provider()) {
      case CPU -> { }
      case CUDA -> {
        requireBundled(OrtProvider.CUDA);
        try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(options.deviceId())) {
          cuda.add("cudnn_conv_use_max_workspace", "1");
          cuda.add("arena_extend_strategy", "kSameAsRequested");
          so.addCUDA(cuda);
        } catch (OrtException | RuntimeException e) {
          throw unavailable(e);
        }
      }
      case TENSORRT -> {
        requireBundled(OrtProvider.TENSOR_RT);
        try (OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(options.deviceId())) {
          trt.add("trt_fp16_enable", "1");
          if (!options.tensorRtCacheDir().isEmpty()) {
            trt.add("trt_engine_cache_enable", "1");
            trt.add("trt_engine_cache_path", options.tensorRtCacheDir());
          }
          so.addTensorrt(trt);
          // Operators TensorRT cannot take fall back to CUDA rather than the CPU.
          try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(options.deviceId())) {
            so.addCUDA(cuda);
          }
        } catch (OrtException | RuntimeException e) {
          throw unavailable(e);
        }
      }
      default -> throw new IllegalStateException(options.provider().toString());
    }
  }

  /**
   * The CPU-only runtime jar reports a missing GPU provider as "Failed to find CUDA shared provider", which reads
   * like a host problem; the fix is a different build, so say that.
   */
  private void requireBundled(OrtProvider provider) {
    if (!OrtEnvironment.getAvailableProviders().contains(provider)) {
      throw new ModelLoadException("execution provider " + options.provider().wireName() + " needs the GPU build of"
          + " ONNX Runtime, but this worker bundles the CPU-only runtime: build it with ./mvnw -Pgpu package and run"
          + " it on a host with CUDA 12 and cuDNN 9"
          + (options.provider() == ExecutionProvider.TENSORRT ? " and TensorRT 10" : "") + ", or use --provider cpu");
    }
  }

  private ModelLoadException unavailable(Exception cause) {
    return new ModelLoadException("execution provider " + options.provider().wireName() + " is unavailable ("
        + cause.getMessage() + "): build with the GPU runtime (./mvnw -Pgpu package) on a host with CUDA 12"
        + " and cuDNN 9" + (options.provider() == ExecutionProvider.TENSORRT ? " and TensorRT 10" : "")
        + ", or use --provider cpu", cause);
  }
}
