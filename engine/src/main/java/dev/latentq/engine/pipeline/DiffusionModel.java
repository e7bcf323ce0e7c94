package dev.latentq.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import dev.latentq.engine.model.Denoiser;
import dev.latentq.engine.model.LatentDecoder;
import dev.latentq.engine.model.LatentEncoder;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.VaeConfig;
import dev.latentq.engine.scheduler.Scheduler;
import dev.latentq.engine.scheduler.SchedulerConfig;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loaded Stable Diffusion model: prompt encoding, U-Net, VAE and schedulers, checked to fit together. Creates
 * the samples of a request and the batches that denoise them. Owned by one engine thread.
 */
public final class DiffusionModel implements AutoCloseable {
  private final Parts parts;
  private final Map<SchedulerKind, Scheduler> schedulers = new EnumMap<>(SchedulerKind.class);
  private final SamplePreparer preparer;
  private final SampleDecoder decoder;
  private final ExecutorService noisePrefetcher;

  /**
   * The pieces of a model.
   *
   * @param name how users refer to the model (folder name unless configured)
   * @param family human description, e.g. "SD 1.x/2.x" or "SDXL"
   * @param encoder VAE encoder for img2img, or null when the export has none
   * @param vaeScaleFactor pixels per latent along each axis (8 for Stable Diffusion VAEs)
   * @param latentMultiple what latent sides must be a multiple of for the U-Net: 2 to the number of its
   *     downsampling blocks, since each halves the latents and the up path must restore the same size (1 when
   *     unknown)
   */
  public record Parts(
      String name,
      String family,
      OrtEnvironment env,
      PromptEncoder prompts,
      Denoiser unet,
      LatentDecoder decoder,
      LatentEncoder encoder,
      VaeConfig vae,
      SchedulerConfig schedulerConfig,
      SchedulerKind defaultScheduler,
      int vaeScaleFactor,
      int defaultWidth,
      int defaultHeight,
      int latentMultiple) {

    public Parts {
      if (latentMultiple < 1) {
        throw new IllegalArgumentException("latentMultiple must be >= 1, got " + latentMultiple);
      }
    }

    /** Parts of a model whose U-Net takes latents of any size. */
    public Parts(String name, String family, OrtEnvironment env, PromptEncoder prompts, Denoiser unet,
        LatentDecoder decoder, LatentEncoder encoder, VaeConfig vae, SchedulerConfig schedulerConfig,
        SchedulerKind defaultScheduler, int vaeScaleFactor, int defaultWidth, int defaultHeight) {
      this(name, family, env, prompts, unet, decoder, encoder, vae, schedulerConfig, defaultScheduler,
          vaeScaleFactor, defaultWidth, defaultHeight, 1);
    }
  }

  public DiffusionModel(Parts parts) {
    this.parts = parts;
    this.preparer = new SamplePreparer(this);
    this.decoder = new SampleDecoder(parts.decoder(), parts.vae());
    this.noisePrefetcher = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "latentq-noise-" + parts.name());
      thread.setDaemon(true);
      return thread;
    });
    scheduler(parts.defaultScheduler());
  }

  /** Loads a diffusers-layout ONNX export, failing now (not at the first job) if anything is missing or off. */
  public static DiffusionModel load(Path folder, RuntimeOptions options) {
    return new ModelLoader(OrtEnvironment.getEnvironment(), options).load(folder);
  }

  public String name() {
    return parts.name();
  }

  public String family() {
    return parts.family();
  }

  Parts parts() {
    return parts;
  }

  public SchedulerKind defaultScheduler() {
    return parts.defaultScheduler();
  }

  public int defaultWidth() {
    return parts.defaultWidth();
  }

  public int defaultHeight() {
    return parts.defaultHeight();
  }

  public int vaeScaleFactor() {
    return parts.vaeScaleFactor();
  }

  /**
   * What image widths and heights must be a multiple of: the VAE's scale factor times what the U-Net's
   * downsampling needs (e.g. 16 for a U-Net with one downsampling block, 64 for SD 1.5's three). Other sizes make
   * the U-Net call fail.
   */
  public int sizeMultiple() {
    return parts.vaeScaleFactor() * parts.latentMultiple();
  }

  /** Whether img2img is available (the export has a VAE encoder). */
  public boolean supportsInitImage() {
    return parts.encoder() != null;
  }

  /** True when the U-Net embeds guidance instead of running classifier-free guidance (LCM). */
  public boolean embedsGuidance() {
    return parts.unet().signature().timestepCond() != null;
  }

  /** True when the U-Net takes one timestep per call, so samples at different steps cannot share a call. */
  public boolean scalarTimestep() {
    return parts.unet().signature().scalarTimestep();
  }

  public PromptEncoder prompts() {
    return parts.prompts();
  }

  /** The scheduler of a kind, built from this model's scheduler_config.json (cached). */
  public synchronized Scheduler scheduler(SchedulerKind kind) {
    return schedulers.computeIfAbsent(kind, k -> k.create(parts.schedulerConfig()));
  }

  /**
   * A request builder with this model's defaults: its scheduler and native size, and diffusers' steps and guidance
   * for its family ({@link RequestDefaults}).
   */
  public GenerationRequest.Builder request(String prompt) {
    SchedulerKind kind = defaultScheduler();
    return GenerationRequest.builder(prompt).scheduler(kind).size(defaultWidth(), defaultHeight())
        .steps(RequestDefaults.steps(this, kind)).guidanceScale(RequestDefaults.guidance(this, kind));
  }

  /**
   * Checks a request against this model without running anything (the worker validates jobs at intake).
   *
   * @return a problem description, or empty when the request can run
   */
  public Optional<String> check(GenerationRequest request) {
    return preparer.check(request.shape());
  }

  /** Checks a request's shape (size, schedule, init image) before its init image is at hand. */
  public Optional<String> check(RequestShape request) {
    return preparer.check(request);
  }

  /**
   * Encodes the prompt, draws the starting noise and returns the request's samples, ready to join a batch.
   *
   * @param owner attached to every sample so the caller can find its job again
   */
  public List<Sample> prepare(GenerationRequest request, Object owner) {
    return preparer.prepare(request, owner);
  }

  /** Where jobs' next noise draws are computed while the U-Net runs. */
  Executor noisePrefetcher() {
    return noisePrefetcher;
  }

  /** A new step-level batch on this model's U-Net. */
  public DenoiseBatch newBatch(int maxRowsPerCall) {
    return new DenoiseBatch(parts.env(), parts.unet(), parts.prompts().sequenceLength(),
        parts.prompts().hiddenWidth(), maxRowsPerCall);
  }

  /** Decodes finished samples into images, in order. */
  public List<DecodedImage> decode(List<Sample> finished) {
    return decoder.decode(finished);
  }

  @Override
  public void close() throws Exception {
    noisePrefetcher.shutdownNow();
    List<Exception> failures = new ArrayList<>();
    for (AutoCloseable c : new AutoCloseable[] {parts.prompts(), parts.unet(), parts.decoder(), parts.encoder()}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          failures.add(e);
        }
      }
    }
    if (!failures.isEmpty()) {
      Exception first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }
}
