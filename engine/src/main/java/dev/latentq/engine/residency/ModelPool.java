package dev.latentq.engine.residency;

import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.NativeStackThreads;
import dev.latentq.engine.model.ResidentMemory;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.ModelProfile;
import dev.latentq.engine.tokenizer.TokenizerLoadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models an engine serves, loaded on first use (pinned ones at start) and kept while they fit a memory budget.
 * Start-up reads every model's profile (its facts, from the export's files) and loads only the pinned ones.
 * When a model must load and its expected size does not fit, the least recently used loaded model that is idle
 * (no job on it) and not pinned is evicted, its idle LoRA variants first; LoRA variants count against the same
 * budget. Loads run on a loader executor, never on the engine thread; a failed load is reported once (its waiting
 * jobs fail) and tried again for the next job.
 *
 * <p>Decisions ({@link #obtain}, {@link #beginRound}, {@link #admits}) are made on the engine thread, which owns the
 * sessions and so is the only one that closes a model. The status and byte counts may be read from any thread.
 */
public final class ModelPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelPool.class);

  /** Where a model stands. */
  public enum State { UNLOADED, LOADING, LOADED, FAILED }

  /** One model's state for readiness reports. */
  public record ModelStatus(String id, State state, boolean pinned, long bytes, String failure) {}

  /**
   * Why a model could not be loaded.
   *
   * @param permanent true when the export itself is broken (missing or mismatched files): it can never load as it
   *     is; false for conditions that may pass (I/O, out of memory)
   */
  public record LoadFailure(String id, String message, boolean permanent, Throwable cause) {}

  /** What the pool needs from the engine's lanes to evict a model. Engine thread. */
  public interface Lanes {
    /** Whether the model's lane could give it up now (no job runs on it). */
    boolean idle(String id);

    /** Takes the model away from its lane (only when idle); the pool closes it. */
    void detach(String id);

    /** Whether jobs wait in the model's queue (an idle model without them is evicted first). */
    default boolean hasQueued(String id) {
      return false;
    }
  }

  /** A loaded model with jobs of its own keeps admitting them this long while another model waits for room. */
  public static final Duration DEFAULT_MIN_RESIDENCY = Duration.ofSeconds(30);

  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final long minResidencyNanos;
  private final LongSupplier nanoTime;
  private final long budget;
  private final Executor loader;
  private final ExecutorService ownedLoader;
  private final ResidentMemory memory;
  private final PoolListener listener;
  private final Map<String, ModelProfile> facts = new LinkedHashMap<>();
  private volatile Runnable wake = () -> {};
  private long useCounter;
  /** The busy model asked to stop admitting so that {@link #drainFor} can load, or null. */
  private String drainTarget;
  private String drainFor;
  private boolean closed;

  private static final class Slot {
    final ModelSource source;
    State state = State.UNLOADED;
    DiffusionModel model;
    CompletableFuture<Loaded> loading;
    /** Bytes the model holds when loaded: measured by its last load, else the source's hint. */
    long bytes;
    /**
     * What the model added after its load (LoRA variants, a VAE encoder opened on first use). Updated by the model
     * from any thread (under its own lock): atomic, so the pool's lock is never taken there.
     */
    final AtomicLong addedBytes = new AtomicLong();
    long lastUse;
    long loadedAtNanos;
    LoadFailure failure;

    Slot(ModelSource source) {
      this.source = source;
      this.bytes = source.sizeHint();
    }
  }

  private record Loaded(DiffusionModel model, long bytes, long nanos) {}

  /**
   * @param budget bytes the loaded models and LoRA variants may hold together; 0 for no limit
   * @param loader where loads run (null: a thread of the pool's own)
   */
  public ModelPool(List<ModelSource> sources, long budget, Executor loader, ResidentMemory memory,
      PoolListener listener) {
    this(sources, budget, loader, memory, listener, DEFAULT_MIN_RESIDENCY, System::nanoTime);
  }

  /**
   * @param minResidency how long a loaded model keeps admitting its jobs while another model waits for room: a
   *     busy model is asked to drain only after holding its room this long, so models with queues of their own
   *     take turns in slices of at least this, instead of one load per batch
   * @param nanoTime monotonic clock for {@code minResidency} ({@link System#nanoTime()} outside tests)
   */
  public ModelPool(List<ModelSource> sources, long budget, Executor loader, ResidentMemory memory,
      PoolListener listener, Duration minResidency, LongSupplier nanoTime) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("the pool needs at least one model");
    }
    if (budget < 0) {
      throw new IllegalArgumentException("the memory budget must be >= 0 (0: no limit), got " + budget);
    }
    for (ModelSource s : sources) {
      if (slots.putIfAbsent(s.id(), new Slot(s)) != null) {
        throw new IllegalArgumentException("model id '" + s.id() + "' is configured twice");
      }
    }
    this.budget = budget;
    this.minResidencyNanos = minResidency.toNanos();
    this.nanoTime = nanoTime;
    this.memory = memory;
    this.listener = listener;
    if (loader == null) {
      // Loads open ONNX Runtime sessions: a 1 MB default stack overflows on some graphs and kills the process.
      this.ownedLoader = Executors.newSingleThreadExecutor(
          task -> NativeStackThreads.create(task, "latentq-model-loader", true));
      this.loader = ownedLoader;
    } else {
      this.ownedLoader = null;
      this.loader = loader;
    }
  }

  /** A pool of models loaded already, all pinned, without a budget (an engine given its models). */
  public static ModelPool ofLoaded(Map<String, DiffusionModel> models) {
    List<ModelSource> sources = new ArrayList<>();
    models.forEach((id, model) -> sources.add(new ModelSource(id, true, 0, false, model::profile, () -> model)));
    ModelPool pool = new ModelPool(sources, 0, Runnable::run, ResidentMemory.unavailable(), PoolListener.NONE);
    pool.start();
    return pool;
  }

  /**
   * Reads every model's profile (defaults, tokenizer, signature: what intake checks jobs against) from its export's
   * files, opening no session, and loads the pinned models; the others load on first use. Fails, naming the model
   * and the fix, when an export is broken (missing or unreadable files, parts that do not fit), a pinned model does
   * not load, or a model (by its measured size when pinned, else by its weights on disk) or the pinned ones together
   * do not fit the budget. On the calling thread, before the engine starts.
   */
  public synchronized void start() {
    long pinnedBytes = 0;
    try {
      for (Slot slot : slots.values()) {
        String id = slot.source.id();
        if (!slot.source.pinned()) {
          facts.put(id, servable(slot.source, slot.source.profile()));
          if (budget > 0 && slot.bytes > budget) {
            throw new IllegalStateException(tooBig(id, slot.bytes, false));
          }
          LOG.info("model {} checked ({} expected once loaded); it loads on first use", id, Bytes.show(slot.bytes));
          continue;
        }
        // A pinned model's load reads its profile from the same files: no need to read them twice.
        Loaded loaded = servable(slot.source, () -> load(slot.source));
        facts.put(id, loaded.model().profile());
        slot.bytes = loaded.bytes();
        install(slot, loaded.model());
        listener.loaded(id, loaded.nanos(), loaded.bytes());
        if (budget > 0 && loaded.bytes() > budget) {
          throw new IllegalStateException(tooBig(id, loaded.bytes(), true));
        }
        pinnedBytes += loaded.bytes();
      }
      if (budget > 0 && pinnedBytes > budget) {
        throw new IllegalStateException("the pinned models hold " + Bytes.show(pinnedBytes) + " together, more than"
            + " engine.memoryBudget " + Bytes.show(budget)
            + ": raise the budget or pin fewer models (models[].pinned)");
      }
    } catch (Exception e) {
      RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
      closeLoaded(failure);
      throw failure;
    }
  }

  /** Why a model can never fit the budget; {@code measured} when a load measured it, else the expected size. */
  private String tooBig(String id, long bytes, boolean measured) {
    return "model " + id + " holds " + (measured ? "" : "at least ") + Bytes.show(bytes) + " loaded"
        + (measured ? "" : " (estimated from its weight files on disk, or its declared size)")
        + ", more than engine.memoryBudget " + Bytes.show(budget) + ": raise engine.memoryBudget to at least "
        + Bytes.show(bytes) + " (plus room for the other models you want kept), or remove the model";
  }

  /** A model's profile or load at start, or a failure naming the model and what is wrong with its export. */
  private static <T> T servable(ModelSource source, Supplier<T> step) {
    try {
      return step.get();
    } catch (ModelLoadException | TokenizerLoadException e) {
      throw new ModelLoadException("model " + source.id() + " cannot be served: " + e.getMessage(), e);
    }
  }

  /**
   * Each model's facts for checking jobs, by id, read at start without loading the models. Read-only, any thread.
   */
  public synchronized Map<String, ModelProfile> facts() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }

  /**
   * The model if it is loaded now, else null. For work off the engine thread that needs the sessions (checking a
   * LoRA set by building its variant); the model may be evicted meanwhile, which such work must tolerate.
   */
  public synchronized DiffusionModel loaded(String id) {
    Slot slot = slot(id);
    return slot.state == State.LOADED ? slot.model : null;
  }

  /** Called (on the loader thread) when a load finishes, so the engine thread looks at once. */
  public void wakeWith(Runnable wake) {
    this.wake = wake;
  }

  /**
   * Starts an engine round: a lane asked to drain is let go once the model it drains for no longer waits (it
   * loads, or its jobs left) or it was evicted. Engine thread.
   */
  public synchronized void beginRound(Lanes lanes) {
    if (drainTarget != null && (slot(drainTarget).state != State.LOADED
        || slot(drainFor).state != State.UNLOADED || !lanes.hasQueued(drainFor))) {
      drainTarget = null;
      drainFor = null;
    }
    if (budget > 0 && resident() > budget) {
      // LoRA variants built since, or a load that measured more than expected: give back what is idle.
      makeRoom(0, null, lanes);
    }
  }

  /**
   * The model for a lane with jobs waiting: the loaded one, or null while it loads, waits for room, or just failed
   * ({@link #takeFailure}). Starts a load when none runs, evicting idle models to make room. Engine thread.
   */
  public synchronized DiffusionModel obtain(String id, Lanes lanes) {
    Slot slot = slot(id);
    switch (slot.state) {
      case LOADED -> {
        slot.lastUse = ++useCounter;
        return slot.model;
      }
      case LOADING -> {
        return slot.loading.isDone() ? finishLoad(slot, lanes) : null;
      }
      case FAILED -> {
        return null;
      }
      default -> {
        startLoad(slot, lanes);
        return null;
      }
    }
  }

  /** A failed load's failure, once: the model goes back to unloaded and loads again for its next job. */
  public synchronized LoadFailure takeFailure(String id) {
    Slot slot = slot(id);
    if (slot.state != State.FAILED) {
      return null;
    }
    LoadFailure failure = slot.failure;
    slot.state = State.UNLOADED;
    return failure;
  }

  /** Whether a lane may admit jobs: not while a waiting load needs it to go idle so that it can be evicted. */
  public synchronized boolean admits(String id) {
    return !id.equals(drainTarget);
  }

  /** Marks a model as just used (its lane stepped), for the least-recently-used order. Engine thread. */
  public synchronized void used(String id) {
    slot(id).lastUse = ++useCounter;
  }

  /** Bytes the loaded and loading models and their LoRA variants hold (or are expected to). Any thread. */
  public synchronized long residentBytes() {
    return resident();
  }

  /** The memory budget in bytes, 0 for none. */
  public long budget() {
    return budget;
  }

  /** Every model's state, in configuration order. Any thread. */
  public synchronized List<ModelStatus> status() {
    List<ModelStatus> all = new ArrayList<>();
    for (Slot s : slots.values()) {
      all.add(new ModelStatus(s.source.id(), s.state, s.source.pinned(), s.bytes + s.addedBytes.get(),
          s.failure == null || s.state != State.FAILED ? null : s.failure.message()));
    }
    return all;
  }

  private Slot slot(String id) {
    Slot slot = slots.get(id);
    if (slot == null) {
      throw new IllegalArgumentException("no model '" + id + "' in the pool");
    }
    return slot;
  }

  private void startLoad(Slot slot, Lanes lanes) {
    if (closed) {
      return;
    }
    if (budget > 0 && slot.bytes > budget) {
      // A load measured it bigger than the whole budget: no eviction can make room, so waiting would never end.
      failed(slot, new IllegalStateException("it holds " + Bytes.show(slot.bytes) + " loaded, more than"
          + " engine.memoryBudget " + Bytes.show(budget) + "; raise engine.memoryBudget"), true);
      return;
    }
    if (budget > 0 && !makeRoom(slot.bytes, slot.source.id(), lanes)) {
      if (drainTarget == null) {
        drainTarget = leastRecentlyUsedBusy(slot.source.id());
        drainFor = drainTarget == null ? null : slot.source.id();
      }
      LOG.debug("model {} waits for room ({} needed, {} of {} held); draining {}", slot.source.id(),
          Bytes.show(slot.bytes), Bytes.show(resident()), Bytes.show(budget), drainTarget);
      return;
    }
    slot.state = State.LOADING;
    slot.failure = null;
    LOG.info("loading model {} (expected {}; {} of {} held)", slot.source.id(), Bytes.show(slot.bytes),
        Bytes.show(resident() - slot.bytes), budget == 0 ? "no limit" : Bytes.show(budget));
    slot.loading = CompletableFuture.supplyAsync(() -> load(slot.source), loader);
    slot.loading.whenComplete((r, e) -> wake.run());
  }

  private DiffusionModel finishLoad(Slot slot, Lanes lanes) {
    String id = slot.source.id();
    Loaded loaded;
    try {
      loaded = slot.loading.join();
    } catch (CompletionException e) {
      slot.loading = null;
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return failed(slot, cause, cause instanceof ModelLoadException || cause instanceof TokenizerLoadException
          || cause instanceof IllegalArgumentException);
    }
    slot.loading = null;
    if (closed) {
      closeQuietly(id, loaded.model());
      return null;
    }
    long expected = slot.bytes;
    // A reload may measure less (pages the allocator kept); the budget counts the largest load seen.
    slot.bytes = Math.max(slot.bytes, loaded.bytes());
    if (budget > 0 && slot.bytes > budget) {
      closeQuietly(id, loaded.model());
      return failed(slot, new IllegalStateException("it holds " + Bytes.show(slot.bytes) + " loaded, more than"
          + " engine.memoryBudget " + Bytes.show(budget) + "; raise engine.memoryBudget"), true);
    }
    if (budget > 0 && !makeRoom(0, id, lanes)) {
      // It measured more than expected and the others are busy: give the room back and wait for it, knowing the
      // size now, rather than hold more than the budget.
      closeQuietly(id, loaded.model());
      slot.state = State.UNLOADED;
      LOG.warn("model {} measured {} loaded, more than the {} expected, and the other models are busy: unloaded"
          + " again until there is room", id, Bytes.show(slot.bytes), Bytes.show(expected));
      return null;
    }
    install(slot, loaded.model());
    listener.loaded(id, loaded.nanos(), loaded.bytes());
    LOG.info("model {} loaded in {} ms, {}; {} of {} held", id, loaded.nanos() / 1_000_000,
        Bytes.show(loaded.bytes()), Bytes.show(resident()), budget == 0 ? "no limit" : Bytes.show(budget));
    return slot.model;
  }

  private DiffusionModel failed(Slot slot, Throwable cause, boolean permanent) {
    String id = slot.source.id();
    String message = "model " + id + " could not be loaded: " + cause.getMessage()
        + (permanent ? " (it cannot load as it is: fix the export or the configuration; the next job tries again)"
        : " (this may pass: the model loads again for the next job)");
    LOG.error(message, cause);
    slot.state = State.FAILED;
    slot.failure = new LoadFailure(id, message, permanent, cause);
    listener.loadFailed(id, permanent, message);
    return null;
  }

  private void install(Slot slot, DiffusionModel model) {
    slot.loadedAtNanos = nanoTime.getAsLong();
    slot.model = model;
    slot.state = State.LOADED;
    slot.lastUse = ++useCounter;
    model.trackAddedMemory(delta -> addedChanged(slot, delta));
  }

  private static void addedChanged(Slot slot, long delta) {
    slot.addedBytes.updateAndGet(held -> Math.max(0, held + delta));
  }

  /**
   * Frees room until {@code needed} more bytes fit: idle LoRA variants and then idle, unpinned models, least
   * recently used first, never {@code except}. Returns whether they fit.
   */
  private boolean makeRoom(long needed, String except, Lanes lanes) {
    List<Slot> byAge = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (s.state == State.LOADED && !s.source.id().equals(except)) {
        byAge.add(s);
      }
    }
    // Models nobody waits for go first, then least recently used.
    byAge.sort(Comparator.comparing((Slot a) -> lanes.hasQueued(a.source.id())).thenComparingLong(a -> a.lastUse));
    for (Slot s : byAge) {
      if (resident() + needed <= budget) {
        return true;
      }
      if (s.addedBytes.get() > 0) {
        long freed = s.model.evictIdleVariants();
        if (freed > 0) {
          listener.variantsEvicted(s.source.id(), freed);
        }
      }
      if (resident() + needed > budget && evictable(s, lanes)) {
        evict(s, lanes);
      }
    }
    return resident() + needed <= budget;
  }

  /**
   * Not pinned, nothing running on it, and no jobs waiting for it unless it was asked to drain: a model between
   * two batches of its own queue is not idle.
   */
  private boolean evictable(Slot s, Lanes lanes) {
    String id = s.source.id();
    return !s.source.pinned() && lanes.idle(id) && (!lanes.hasQueued(id) || id.equals(drainTarget));
  }

  private void evict(Slot slot, Lanes lanes) {
    String id = slot.source.id();
    lanes.detach(id);
    if (id.equals(drainTarget)) {
      drainTarget = null;
      drainFor = null;
    }
    long freed = slot.bytes + slot.addedBytes.get();
    DiffusionModel model = slot.model;
    slot.model = null;
    slot.state = State.UNLOADED;
    closeQuietly(id, model);
    slot.addedBytes.set(0);
    listener.evicted(id, freed);
    LOG.info("evicted model {} (least recently used, idle), freeing {}", id, Bytes.show(freed));
  }

  /**
   * The loaded, unpinned model used longest ago that still has jobs and has held its room for the minimum
   * residency: asked to drain so it can be evicted. Null while every such model is younger.
   */
  private String leastRecentlyUsedBusy(String except) {
    Slot lru = null;
    long now = nanoTime.getAsLong();
    for (Slot s : slots.values()) {
      if (s.state == State.LOADED && !s.source.pinned() && !s.source.id().equals(except)
          && now - s.loadedAtNanos >= minResidencyNanos && (lru == null || s.lastUse < lru.lastUse)) {
        lru = s;
      }
    }
    return lru == null ? null : lru.source.id();
  }

  private long resident() {
    long sum = 0;
    for (Slot s : slots.values()) {
      if (s.state == State.LOADED || s.state == State.LOADING) {
        sum += s.bytes + s.addedBytes.get();
      }
    }
    return sum;
  }

  /** Loads a model, measuring the resident memory it adds when its source asks for that. */
  private Loaded load(ModelSource source) {
    OptionalLong before = source.measured() ? memory.residentBytes() : OptionalLong.empty();
    long started = System.nanoTime();
    DiffusionModel model = source.loader().get();
    long nanos = System.nanoTime() - started;
    OptionalLong after = source.measured() ? memory.residentBytes() : OptionalLong.empty();
    long added = before.isPresent() && after.isPresent() ? after.getAsLong() - before.getAsLong() : 0;
    // Never less than the weight bytes on disk, which ONNX Runtime copies: a reading can fall short when the
    // allocator reuses pages it kept, or when another thread frees memory meanwhile.
    return new Loaded(model, Math.max(added, source.sizeHint()), nanos);
  }

  /** Closes every loaded model (and models whose load finishes later). Engine thread, after its last call. */
  @Override
  public synchronized void close() throws Exception {
    closed = true;
    Exception failure = null;
    for (Slot s : slots.values()) {
      if (s.model != null) {
        try {
          s.model.close();
        } catch (Exception e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
        s.model = null;
        s.state = State.UNLOADED;
      }
      if (s.loading != null) {
        s.loading.thenAccept(l -> closeQuietly(s.source.id(), l.model()));
      }
    }
    if (ownedLoader != null) {
      ownedLoader.shutdown();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void closeLoaded(RuntimeException primary) {
    for (Slot s : slots.values()) {
      if (s.model != null) {
        try {
          s.model.close();
        } catch (Exception e) {
          primary.addSuppressed(e);
        }
        s.model = null;
      }
    }
    if (ownedLoader != null) {
      ownedLoader.shutdown();
    }
  }

  private static void closeQuietly(String id, DiffusionModel model) {
    try {
      model.close();
    } catch (Exception e) {
      LOG.warn("closing model {} failed: {}", id, e.toString(), e);
    }
  }
}
