package dev.latentq.engine.pipeline;

import dev.latentq.engine.model.UNetSignature;
import dev.latentq.engine.model.VaeConfig;
import dev.latentq.engine.scheduler.Scheduler;
import dev.latentq.engine.scheduler.SchedulerConfig;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a model is, without its sessions: defaults, the sizes and inputs it takes, its U-Net's signature and its
 * tokenizers, and the checks a request must pass to run on it. Read from an export's files ({@link #read}) without
 * ONNX Runtime, so a worker knows every configured model's rules at start while loading none; a loaded
 * {@link DiffusionModel} answers the same questions from the same profile. Thread-safe.
 */
public final class ModelProfile {
  private final String name;
  private final String family;
  private final UNetSignature unet;
  private final PromptTokens prompts;
  private final VaeConfig vae;
  private final SchedulerConfig schedulerConfig;
  private final SchedulerKind defaultScheduler;
  private final int vaeScaleFactor;
  private final int defaultWidth;
  private final int defaultHeight;
  private final int latentMultiple;
  private final boolean initImage;
  /** Built from the scheduler config on first use; guarded by itself. */
  private final Map<SchedulerKind, Scheduler> schedulers = new EnumMap<>(SchedulerKind.class);

  /**
   * @param family human description, e.g. "SD 1.x/2.x" or "SDXL"
   * @param vaeScaleFactor pixels per latent along each axis (8 for Stable Diffusion VAEs)
   * @param latentMultiple what latent sides must be a multiple of for the U-Net (1 when unknown)
   * @param initImage whether the export has a VAE encoder (img2img and inpainting)
   */
  ModelProfile(String name, String family, UNetSignature unet, PromptTokens prompts, VaeConfig vae,
      SchedulerConfig schedulerConfig, SchedulerKind defaultScheduler, int vaeScaleFactor, int defaultWidth,
      int defaultHeight, int latentMultiple, boolean initImage) {
    if (latentMultiple < 1) {
      throw new IllegalArgumentException("latentMultiple must be >= 1, got " + latentMultiple);
    }
    this.name = name;
    this.family = family;
    this.unet = unet;
    this.prompts = prompts;
    this.vae = vae;
    this.schedulerConfig = schedulerConfig;
    this.defaultScheduler = defaultScheduler;
    this.vaeScaleFactor = vaeScaleFactor;
    this.defaultWidth = defaultWidth;
    this.defaultHeight = defaultHeight;
    this.latentMultiple = latentMultiple;
    this.initImage = initImage;
    scheduler(defaultScheduler);
  }

  /**
   * Reads a diffusers-layout ONNX export's profile from its files, opening no ONNX Runtime session and reading no
   * weights. Fails like {@link DiffusionModel#load} does, naming the file and the fix, when a file the model needs
   * is missing or unreadable or the parts do not fit together.
   */
  public static ModelProfile read(Path folder) {
    return ProfileReader.read(folder).profile();
  }

  /** The profile of a model assembled from parts (simulated models, tests): their sessions' facts. */
  static ModelProfile of(DiffusionModel.Parts parts) {
    return new ModelProfile(parts.name(), parts.family(), parts.unet().signature(), parts.prompts(), parts.vae(),
        parts.schedulerConfig(), parts.defaultScheduler(), parts.vaeScaleFactor(), parts.defaultWidth(),
        parts.defaultHeight(), parts.latentMultiple(), parts.encoder() != null);
  }

  public String name() {
    return name;
  }

  public String family() {
    return family;
  }

  /** The U-Net's inputs and outputs as its graph declares them. */
  public UNetSignature unet() {
    return unet;
  }

  /** How the tokenizer(s) cut prompts. */
  public PromptTokens prompts() {
    return prompts;
  }

  VaeConfig vae() {
    return vae;
  }

  SchedulerConfig schedulerConfig() {
    return schedulerConfig;
  }

  int latentMultiple() {
    return latentMultiple;
  }

  public SchedulerKind defaultScheduler() {
    return defaultScheduler;
  }

  public int defaultWidth() {
    return defaultWidth;
  }

  public int defaultHeight() {
    return defaultHeight;
  }

  public int vaeScaleFactor() {
    return vaeScaleFactor;
  }

  /**
   * What image widths and heights must be a multiple of: the VAE's scale factor times what the U-Net's
   * downsampling needs (e.g. 16 for a U-Net with one downsampling block, 64 for SD 1.5's three). Other sizes make
   * the U-Net call fail.
   */
  public int sizeMultiple() {
    return vaeScaleFactor * latentMultiple;
  }

  /** Whether img2img is available (the export has a VAE encoder). */
  public boolean supportsInitImage() {
    return initImage;
  }

  /**
   * True for a dedicated inpainting model, whose U-Net takes the mask and the masked image's latents besides the
   * latents (read from the U-Net's input shape): it runs inpainting requests only.
   */
  public boolean inpaintingUNet() {
    return unet.inpainting();
  }

  /** True when the U-Net embeds guidance instead of running classifier-free guidance (LCM). */
  public boolean embedsGuidance() {
    return unet.timestepCond() != null;
  }

  /** True when the U-Net takes one timestep per call, so samples at different steps cannot share a call. */
  public boolean scalarTimestep() {
    return unet.scalarTimestep();
  }

  /** The scheduler of a kind, built from the model's scheduler_config.json (cached). */
  public Scheduler scheduler(SchedulerKind kind) {
    synchronized (schedulers) {
      return schedulers.computeIfAbsent(kind, k -> k.create(schedulerConfig));
    }
  }

  /**
   * A request builder with this model's defaults: its scheduler and native size, and diffusers' steps and guidance
   * for its family ({@link RequestDefaults}).
   */
  public GenerationRequest.Builder request(String prompt) {
    SchedulerKind kind = defaultScheduler;
    return GenerationRequest.builder(prompt).scheduler(kind).size(defaultWidth, defaultHeight)
        .steps(RequestDefaults.steps(this, kind)).guidanceScale(RequestDefaults.guidance(this, kind));
  }

  /**
   * Checks a request against this model without running anything (the worker validates jobs at intake).
   *
   * @return a problem description, or empty when the request can run
   */
  public Optional<String> check(GenerationRequest request) {
    return check(request.shape()).or(() -> checkPrompts(request));
  }

  /** Checks a request's shape (size, schedule, init image) before its init image is at hand. */
  public Optional<String> check(RequestShape request) {
    int multiple = sizeMultiple();
    if (request.width() % multiple != 0 || request.height() % multiple != 0) {
      return Optional.of("size " + request.width() + "x" + request.height() + " is not supported by model "
          + name + ": width and height must be multiples of " + multiple + ", e.g. "
          + nearest(request.width(), multiple) + "x" + nearest(request.height(), multiple));
    }
    if (request.mask() && !initImage) {
      return Optional.of("model " + name + " has no vae_encoder, so it cannot inpaint (the init image and"
          + " the masked image are encoded); export the VAE encoder or drop the mask");
    }
    if (inpaintingUNet() && !request.mask()) {
      return Optional.of("model " + name + " is an inpainting model (its U-Net takes " + unet.inputChannels()
          + " input channels: latents, mask and masked-image latents), so every request needs an init image and a"
          + " mask; add both, or use a text-to-image model");
    }
    if (request.initImage() && !initImage) {
      return Optional.of("model " + name + " has no vae_encoder, so it cannot start from an init image;"
          + " export the VAE encoder or drop the init image");
    }
    try {
      scheduler(request.scheduler()).plan(request.steps(), request.strength());
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  /** The multiple of {@code multiple} nearest to {@code side}, at least {@code multiple}. */
  private static int nearest(int side, int multiple) {
    return Math.max(multiple, Math.round(side / (float) multiple) * multiple);
  }

  /**
   * Checks only the request's prompts (syntax, and a length the U-Net takes: exports with a fixed 77-token axis
   * take no longer prompts), for a caller that checked the shape with {@link #check(RequestShape)} before its
   * images were at hand.
   */
  public Optional<String> checkPrompts(GenerationRequest request) {
    int tokens;
    try {
      tokens = sequenceLength(request);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    int fixed = unet.sequenceLength();
    if (fixed > 0 && tokens != fixed) {
      return Optional.of("the prompts take " + tokens + " tokens (" + tokens / prompts.sequenceLength()
          + " chunks of " + prompts.sequenceLength() + ") but model " + name + "'s unet takes"
          + " encoder_hidden_states of exactly " + fixed + ": keep A1111 prompts within 75 tokens without BREAK,"
          + " or re-export the U-Net with a dynamic sequence axis");
    }
    return Optional.empty();
  }

  /** Whether the request runs classifier-free guidance (two U-Net rows per image): guidance > 1, except LCM. */
  public boolean guided(GenerationRequest request) {
    return !embedsGuidance() && request.guidanceScale() > 1.0;
  }

  /**
   * How many 77-token chunks the request's conditioning rows will have: 1 for plain prompts, more for long or
   * {@code BREAK}-split A1111 prompts. Tokenizes only (cheap); the worker bounds it at intake.
   *
   * @throws IllegalArgumentException when a prompt cannot be read with the request's syntax
   */
  public int promptChunks(GenerationRequest request) {
    return prompts.chunks(request.prompt(), request.negativePrompt(), request.promptSyntax(), guided(request));
  }

  /** Tokens per conditioning row of the request ({@link #promptChunks} chunks of 77): rows of one call agree. */
  public int sequenceLength(GenerationRequest request) {
    return promptChunks(request) * prompts.sequenceLength();
  }

  @Override
  public String toString() {
    return name + " (" + family + ", default " + defaultScheduler.wireName() + " at " + defaultWidth + "x"
        + defaultHeight + ", sizes in multiples of " + sizeMultiple() + ")";
  }
}
