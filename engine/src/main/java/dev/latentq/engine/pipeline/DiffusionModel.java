package dev.latentq.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import dev.latentq.engine.lora.LoraException;
import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.model.Denoiser;
import dev.latentq.engine.model.LatentDecoder;
import dev.latentq.engine.model.LatentEncoder;
import dev.latentq.engine.model.LazyLatentEncoder;
import dev.latentq.engine.model.NativeStackThreads;
import dev.latentq.engine.model.ResidentMemory;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.VaeConfig;
import dev.latentq.engine.scheduler.Scheduler;
import dev.latentq.engine.scheduler.SchedulerConfig;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded Stable Diffusion model: prompt encoding, U-Net, VAE and schedulers, checked to fit together. Creates
 * the samples of a request and the batches that denoise them. Owned by one engine thread.
 */
public final class DiffusionModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DiffusionModel.class);

  private final Parts parts;
  private final ModelProfile profile;
  private final SamplePreparer preparer;
  private final SampleDecoder decoder;
  private final ExecutorService noisePrefetcher;
  private final LoraVariantFactory loraFactory;
  private final ModelVariant baseVariant;
  /** Idle LoRA variants kept by default; each holds sessions for the parts its set changes. */
  public static final int DEFAULT_KEPT_LORA_VARIANTS = 4;

  /** Patched variants by LoRA set, least recently used first. Guarded by itself. */
  private final Map<LoraSet, ModelVariant> variants = new LinkedHashMap<>(16, 0.75f, true);
  private int keptVariants = DEFAULT_KEPT_LORA_VARIANTS;
  /** Resident bytes each cached variant adds (measured around its build); guarded by {@link #variants}. */
  private final Map<LoraSet, Long> variantCosts = new HashMap<>();
  private final ResidentMemory residentMemory = ResidentMemory.process();
  private volatile AddedMemory addedMemory = AddedMemory.NONE;
  /** Set by {@link #close}: the model's facts stay readable, its sessions are gone. */
  private volatile boolean closed;
  /** Variants being built, so that one set is built once; guarded by {@link #variants}. */
  private final Map<LoraSet, CompletableFuture<ModelVariant>> building = new HashMap<>();
  /** Builds variants ahead of their jobs' admission ({@link #variantReady}), so the engine thread never builds one. */
  private final ExecutorService variantBuilder;
  /**
   * Sets {@link #variantReady} started a build for, or attached to one already running, that has not ended yet;
   * guarded by {@link #variants}.
   */
  private final Set<LoraSet> awaitedBuilds = new HashSet<>();
  /** Why a build {@link #variantReady} started failed, until a check reports it; guarded by {@link #variants}. */
  private final Map<LoraSet, RuntimeException> failedBuilds = new HashMap<>();

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

  /** A model that cannot take LoRAs (e.g. simulated): requests with LoRAs fail with the reason. */
  public DiffusionModel(Parts parts) {
    this(parts, LoraVariantFactory.unsupported("model " + parts.name() + " (" + parts.family()
        + ") cannot take LoRAs: load an ONNX export of the model to use them"));
  }

  DiffusionModel(Parts parts, LoraVariantFactory loraFactory) {
    this(parts, ModelProfile.of(parts), loraFactory);
  }

  /** @param profile the parts' facts, as read from the export's files (the loader read them before the sessions) */
  DiffusionModel(Parts parts, ModelProfile profile, LoraVariantFactory loraFactory) {
    this.parts = parts;
    this.profile = profile;
    this.loraFactory = loraFactory;
    this.baseVariant = ModelVariant.base(parts.unet(), parts.prompts());
    this.preparer = new SamplePreparer(this);
    this.decoder = new SampleDecoder(parts.decoder(), parts.vae());
    this.noisePrefetcher = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "latentq-noise-" + parts.name());
      thread.setDaemon(true);
      return thread;
    });
    // Variant builds open ONNX Runtime sessions.
    this.variantBuilder = Executors.newSingleThreadExecutor(
        task -> NativeStackThreads.create(task, "latentq-lora-" + parts.name(), true));
    if (parts.encoder() instanceof LazyLatentEncoder lazy) {
      lazy.whenOpened(delta -> addedMemory.changed(delta));
    }
  }

  /** Loads a diffusers-layout ONNX export, failing now (not at the first job) if anything is missing or off. */
  public static DiffusionModel load(Path folder, RuntimeOptions options) {
    return new ModelLoader(OrtEnvironment.getEnvironment(), options).load(folder);
  }

  public String name() {
    return profile.name();
  }

  public String family() {
    return profile.family();
  }

  /**
   * What this model is and which requests it takes, without its sessions: the same facts and checks the model's
   * own methods below answer with, readable after the model is closed.
   */
  public ModelProfile profile() {
    return profile;
  }

  Parts parts() {
    return parts;
  }

  public SchedulerKind defaultScheduler() {
    return profile.defaultScheduler();
  }

  public int defaultWidth() {
    return profile.defaultWidth();
  }

  public int defaultHeight() {
    return profile.defaultHeight();
  }

  public int vaeScaleFactor() {
    return profile.vaeScaleFactor();
  }

  /** See {@link ModelProfile#sizeMultiple()}. */
  public int sizeMultiple() {
    return profile.sizeMultiple();
  }

  /** Whether img2img is available (the export has a VAE encoder). */
  public boolean supportsInitImage() {
    return profile.supportsInitImage();
  }

  /** See {@link ModelProfile#inpaintingUNet()}. */
  public boolean inpaintingUNet() {
    return profile.inpaintingUNet();
  }

  /** True when the U-Net embeds guidance instead of running classifier-free guidance (LCM). */
  public boolean embedsGuidance() {
    return profile.embedsGuidance();
  }

  /** True when the U-Net takes one timestep per call, so samples at different steps cannot share a call. */
  public boolean scalarTimestep() {
    return profile.scalarTimestep();
  }

  public PromptEncoder prompts() {
    return parts.prompts();
  }

  /** The scheduler of a kind, built from this model's scheduler_config.json (cached). */
  public Scheduler scheduler(SchedulerKind kind) {
    return profile.scheduler(kind);
  }

  /** See {@link ModelProfile#request(String)}. */
  public GenerationRequest.Builder request(String prompt) {
    return profile.request(prompt);
  }

  /** See {@link ModelProfile#check(GenerationRequest)}. */
  public Optional<String> check(GenerationRequest request) {
    return profile.check(request);
  }

  /** See {@link ModelProfile#checkPrompts(GenerationRequest)}. */
  public Optional<String> checkPrompts(GenerationRequest request) {
    return profile.checkPrompts(request);
  }

  /** See {@link ModelProfile#guided(GenerationRequest)}. */
  public boolean guided(GenerationRequest request) {
    return profile.guided(request);
  }

  /** See {@link ModelProfile#promptChunks(GenerationRequest)}. */
  public int promptChunks(GenerationRequest request) {
    return profile.promptChunks(request);
  }

  /** See {@link ModelProfile#sequenceLength(GenerationRequest)}. */
  public int sequenceLength(GenerationRequest request) {
    return profile.sequenceLength(request);
  }

  /** See {@link ModelProfile#check(RequestShape)}. */
  public Optional<String> check(RequestShape request) {
    return profile.check(request);
  }

  /**
   * Encodes the prompt, draws the starting noise and returns the request's samples, ready to join a batch.
   *
   * @param owner attached to every sample so the caller can find its job again
   */
  public List<Sample> prepare(GenerationRequest request, Object owner) {
    return preparer.prepare(request, owner);
  }

  /**
   * Checks that a LoRA set applies to this model by building its patched variant (kept for the jobs that use it),
   * so a bad file, key or shape fails here, at intake, rather than when the job joins a batch. Safe to call from
   * any thread; building takes about as long as loading the U-Net.
   *
   * @return a problem description naming the file, key or weight and the fix, or empty when the set applies
   */
  public Optional<String> checkLoras(LoraSet loras) {
    if (closed) {
      // Evicted from a model pool: the set is checked when the job joins its batch on the reloaded model.
      return Optional.empty();
    }
    try {
      variant(loras);
      return Optional.empty();
    } catch (LoraException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * {@link #checkLoras} on this model's LoRA thread, whose stack is large enough for creating ONNX Runtime sessions:
   * for callers on threads that may not be (e.g. a Vert.x worker pool).
   */
  public CompletableFuture<Optional<String>> checkLorasOnLoraThread(LoraSet loras) {
    return CompletableFuture.supplyAsync(() -> checkLoras(loras), variantBuilder);
  }

  /** Patched variants built so far (LoRA sets seen), not counting the base model. */
  public int loraVariants() {
    synchronized (variants) {
      return variants.size();
    }
  }

  /** Native bytes of patched weights held for a LoRA set's variant, or -1 when it is not built. */
  public long loraVariantBytes(LoraSet loras) {
    synchronized (variants) {
      ModelVariant v = variants.get(loras);
      return v == null ? -1 : v.patchedBytes();
    }
  }

  /** How many idle LoRA variants this model keeps built ({@link #keepLoraVariants}). */
  public int keptLoraVariants() {
    synchronized (variants) {
      return keptVariants;
    }
  }

  /**
   * Told of the resident bytes a loaded model adds and frees: its LoRA variants, and its VAE encoder opened by the
   * first img2img or inpainting request. A model pool counts them against its memory budget. Called on whichever
   * thread builds or closes a variant or opens the encoder; must not block.
   */
  @FunctionalInterface
  public interface AddedMemory {
    AddedMemory NONE = delta -> {};

    /** The model now holds {@code deltaBytes} more (negative: less) than its load measured. */
    void changed(long deltaBytes);
  }

  /** Reports what the model adds after its load to {@code memory} from now on (a model pool's budget). */
  public void trackAddedMemory(AddedMemory memory) {
    this.addedMemory = memory;
  }

  /** Resident bytes all cached LoRA variants add (sessions and patched weights). */
  public long loraVariantsResidentBytes() {
    synchronized (variants) {
      return variantCosts.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Closes every LoRA variant no sample is denoising with (to make room); returns the resident bytes freed. */
  public long evictIdleVariants() {
    synchronized (variants) {
      long before = variantCosts.values().stream().mapToLong(Long::longValue).sum();
      int kept = keptVariants;
      keptVariants = 0;
      try {
        evictIdle(null);
      } finally {
        keptVariants = kept;
      }
      return before - variantCosts.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * How many LoRA variants to keep (default {@value #DEFAULT_KEPT_LORA_VARIANTS}): beyond it, the least recently used
   * variants that no sample is denoising with are closed when another set is built. Variants in use are never
   * closed, so the limit may be exceeded while more sets than this run at once.
   */
  public void keepLoraVariants(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("keep at least 1 LoRA variant, got " + max);
    }
    synchronized (variants) {
      keptVariants = max;
      evictIdle(null);
    }
  }

  /**
   * The U-Net and prompt encoder for a LoRA set: the base ones for none, else a cached patched variant. A missing
   * variant is built outside the lock (it takes about a U-Net load), so callers needing other sets, the engine
   * thread among them, do not wait for it; callers needing the same set wait for the one build.
   */
  ModelVariant variant(LoraSet loras) {
    if (loras.isEmpty()) {
      return baseVariant;
    }
    CompletableFuture<ModelVariant> pending;
    boolean builder = false;
    synchronized (variants) {
      ModelVariant cached = variants.get(loras);
      if (cached != null) {
        return cached;
      }
      pending = building.get(loras);
      if (pending == null) {
        pending = new CompletableFuture<>();
        building.put(loras, pending);
        builder = true;
      }
    }
    if (!builder) {
      try {
        return pending.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    ModelVariant built;
    long cost;
    try {
      OptionalLong before = residentMemory.residentBytes();
      built = loraFactory.build(loras);
      OptionalLong after = residentMemory.residentBytes();
      // Floored at the patched weights it must hold: another thread may free memory while this one builds.
      cost = Math.max(built.patchedBytes(), before.isPresent() && after.isPresent()
          ? after.getAsLong() - before.getAsLong() : 0);
    } catch (RuntimeException e) {
      synchronized (variants) {
        building.remove(loras);
      }
      pending.completeExceptionally(e);
      throw e;
    }
    synchronized (variants) {
      building.remove(loras);
      if (closed) {
        // The model was closed (evicted) while this variant was built: nothing may hold it now.
        closeVariant(built);
        IllegalStateException gone = new IllegalStateException("model " + parts.name() + " was unloaded while the"
            + " LoRA variant [" + loras + "] was being built");
        pending.completeExceptionally(gone);
        throw gone;
      }
      variants.put(loras, built);
      variantCosts.put(loras, cost);
      evictIdle(built);
    }
    addedMemory.changed(cost);
    pending.complete(built);
    return built;
  }

  /**
   * Whether a job with {@code loras} can join a batch now without building a variant (always, without LoRAs). If
   * not, the variant is built on this model's LoRA thread, started here once however often asked (or the build
   * already running, e.g. for an intake check, is awaited), and {@code whenSettled} runs when it ends. The engine
   * thread asks this before admitting a job: building a variant takes about a U-Net load, and every batch of the
   * engine would wait for it.
   *
   * @throws RuntimeException why the build this started failed, reported once ({@link LoraException} when the set
   *     does not apply to the model); the next check builds again
   */
  public boolean variantReady(LoraSet loras, Runnable whenSettled) {
    if (loras.isEmpty()) {
      return true;
    }
    CompletableFuture<ModelVariant> pending;
    synchronized (variants) {
      RuntimeException failure = failedBuilds.remove(loras);
      if (failure != null) {
        throw failure;
      }
      if (variants.containsKey(loras)) {
        return true;
      }
      if (!awaitedBuilds.add(loras)) {
        return false; // asked before: whenSettled runs when that build ends (once, however often the lane asks)
      }
      pending = building.get(loras);
    }
    Runnable settled = () -> {
      synchronized (variants) {
        awaitedBuilds.remove(loras);
      }
      whenSettled.run();
    };
    if (pending != null) {
      pending.whenComplete((built, e) -> settled.run());
      return false;
    }
    variantBuilder.execute(() -> {
      try {
        variant(loras);
      } catch (RuntimeException e) {
        synchronized (variants) {
          if (!closed) {
            failedBuilds.put(loras, e);
          }
        }
      } finally {
        settled.run();
      }
    });
    return false;
  }

  /** The variant for {@code loras}, counted as used by {@code samples} samples until each leaves its batch. */
  ModelVariant acquire(LoraSet loras, int samples) {
    while (true) {
      ModelVariant v = variant(loras);
      synchronized (variants) {
        // Counted only while still cached: one evicted meanwhile (idle, so closed) is built again.
        if (v == baseVariant || variants.get(loras) == v) {
          v.acquire(samples);
          return v;
        }
      }
    }
  }

  /** Closes least recently used idle variants beyond the limit, never {@code keep}. Holds the variant lock. */
  private void evictIdle(ModelVariant keep) {
    for (Iterator<ModelVariant> it = variants.values().iterator(); it.hasNext() && variants.size() > keptVariants; ) {
      ModelVariant v = it.next();
      if (v != keep && v.idle()) {
        it.remove();
        Long cost = variantCosts.remove(v.loras());
        if (cost != null) {
          addedMemory.changed(-cost);
        }
        try {
          v.close();
        } catch (Exception e) {
          LOG.warn("model {}: closing the LoRA variant [{}] failed: {}", parts.name(), v.loras(), e.toString());
        }
        LOG.info("model {}: closed idle LoRA variant [{}] ({} kept at most)", parts.name(), v.loras(), keptVariants);
      }
    }
  }

  /**
   * Prepares the requests of jobs joining a batch together, encoding their prompts in one text-encoder call where
   * the encoder supports it. One request's failure fails only its own entry.
   *
   * @param owners one per request, attached to its samples
   */
  public List<Prepared> prepareAll(List<GenerationRequest> requests, List<?> owners) {
    return preparer.prepareAll(requests, owners);
  }

  /**
   * One request's samples, or why they could not be prepared ({@link IllegalArgumentException}: the request does
   * not fit the model; anything else: a model failure).
   */
  public record Prepared(List<Sample> samples, RuntimeException failure) {
    static Prepared of(List<Sample> samples) {
      return new Prepared(samples, null);
    }

    static Prepared failed(RuntimeException failure) {
      return new Prepared(List.of(), failure);
    }
  }

  /** Where jobs' next noise draws are computed while the U-Net runs. */
  Executor noisePrefetcher() {
    return noisePrefetcher;
  }

  /** The expected time of one U-Net call, when the U-Net knows its costs (simulated accelerators). */
  public OptionalDouble expectedUnetMillis(int rows, int latentHeight, int latentWidth) {
    return parts.unet().expectedMillis(rows, latentHeight, latentWidth);
  }

  /** A new step-level batch on this model's U-Net. */
  public DenoiseBatch newBatch(int maxRowsPerCall) {
    return new DenoiseBatch(parts.env(), parts.unet(), parts.prompts().hiddenWidth(), maxRowsPerCall);
  }

  /** Decodes finished samples into images, in order. */
  public List<DecodedImage> decode(List<Sample> finished) {
    return decoder.decode(finished);
  }

  /** Decodes finished samples into images, in order, in VAE calls of at most {@code imagesPerCall} images. */
  public List<DecodedImage> decode(List<Sample> finished, int imagesPerCall) {
    return decoder.decode(finished, imagesPerCall);
  }

  private void closeVariant(ModelVariant v) {
    try {
      v.close();
    } catch (Exception e) {
      LOG.warn("model {}: closing the LoRA variant [{}] failed: {}", parts.name(), v.loras(), e.toString());
    }
  }

  @Override
  public void close() throws Exception {
    closed = true;
    noisePrefetcher.shutdownNow();
    // A build still running finds the model closed and closes what it built (see variant).
    variantBuilder.shutdownNow();
    List<Exception> failures = new ArrayList<>();
    synchronized (variants) {
      for (ModelVariant v : variants.values()) {
        try {
          v.close();
        } catch (Exception e) {
          failures.add(e);
        }
      }
      variants.clear();
      failedBuilds.clear();
      long held = variantCosts.values().stream().mapToLong(Long::longValue).sum();
      variantCosts.clear();
      if (held > 0) {
        addedMemory.changed(-held);
      }
    }
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
