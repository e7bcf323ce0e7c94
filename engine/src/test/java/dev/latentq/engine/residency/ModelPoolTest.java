package dev.latentq.engine.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.model.LatentEncoder;
import dev.latentq.engine.model.LazyLatentEncoder;
import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.ResidentMemory;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.TestModels;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's decisions on simulated models of declared sizes, with loads run by hand (a manual executor) and lanes
 * whose business the test sets.
 */
class ModelPoolTest {
  private static final long MODEL = 100;

  /** Runs queued loads only when the test says so. */
  private final Queue<Runnable> loads = new ArrayDeque<>();
  private final Executor manual = loads::add;
  private final FakeLanes lanes = new FakeLanes();
  private final Recorder events = new Recorder();
  private final AtomicLong clock = new AtomicLong();

  @Test
  void aModelLoadsOnItsFirstUseOffTheCallingThread() {
    ModelPool pool = pool(250, source("a"), source("b"));

    assertThat(pool.obtain("a", lanes)).isNull();
    assertThat(state(pool, "a")).isEqualTo(ModelPool.State.LOADING);
    assertThat(state(pool, "b")).isEqualTo(ModelPool.State.UNLOADED);
    assertThat(loads).hasSize(1);

    runLoads();

    assertThat(pool.obtain("a", lanes)).isNotNull();
    assertThat(state(pool, "a")).isEqualTo(ModelPool.State.LOADED);
    assertThat(events.loaded).containsExactly("a");
  }

  @Test
  void theLeastRecentlyUsedIdleModelMakesRoom() {
    ModelPool pool = aAndBLoadedCWaiting();
    pool.used("a");

    assertThat(pool.obtain("c", lanes)).isNull();

    assertThat(lanes.detached).containsExactly("b");
    assertThat(events.evicted).containsExactly("b");
    assertThat(state(pool, "a")).isEqualTo(ModelPool.State.LOADED);
    assertThat(state(pool, "c")).isEqualTo(ModelPool.State.LOADING);
    assertThat(pool.residentBytes()).isEqualTo(2 * MODEL);
  }

  @Test
  void aModelWithJobsOnItIsNeverEvictedAndIsAskedToDrainInstead() {
    ModelPool pool = aAndBLoadedCWaiting();
    lanes.busy.addAll(List.of("a", "b"));

    pool.beginRound(lanes);
    assertThat(pool.obtain("c", lanes)).isNull();

    assertThat(lanes.detached).isEmpty();
    assertThat(loads).isEmpty();
    assertThat(state(pool, "c")).isEqualTo(ModelPool.State.UNLOADED);
    assertThat(pool.admits("a")).as("the least recently used busy model stops taking jobs").isFalse();
    assertThat(pool.admits("b")).isTrue();

    lanes.busy.remove("a");
    assertTheNextRoundEvictsAForC(pool);
  }

  @Test
  void aBusyModelKeepsItsRoomForTheMinimumResidencyBeforeItIsAskedToDrain() {
    ModelPool pool = pool(250, Duration.ofSeconds(30), ResidentMemory.unavailable(), source("a"), source("b"),
        source("c"));
    load(pool, "a");
    load(pool, "b");
    lanes.busy.addAll(List.of("a", "b"));

    clock.addAndGet(Duration.ofSeconds(29).toNanos());
    pool.beginRound(lanes);
    pool.obtain("c", lanes);
    assertThat(pool.admits("a")).isTrue();
    assertThat(pool.admits("b")).isTrue();

    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    pool.beginRound(lanes);
    pool.obtain("c", lanes);
    assertThat(pool.admits("a")).isFalse();
  }

  @Test
  void anIdleModelNobodyWaitsForIsEvictedBeforeOneWithQueuedJobs() {
    ModelPool pool = aAndBLoadedCWaiting();
    lanes.queued.addAll(List.of("a", "c"));

    pool.obtain("c", lanes);

    assertThat(lanes.detached).containsExactly("b");
  }

  @Test
  void aModelBetweenBatchesOfItsOwnQueueIsEvictedOnlyOnceAskedToDrain() {
    ModelPool pool = aAndBLoadedCWaiting();
    lanes.queued.addAll(List.of("a", "b", "c"));

    pool.beginRound(lanes);
    assertThat(pool.obtain("c", lanes)).isNull();
    assertThat(lanes.detached).as("both have jobs waiting").isEmpty();
    assertThat(pool.admits("a")).isFalse();

    assertTheNextRoundEvictsAForC(pool);
  }

  @Test
  void aModelMeasuringMoreThanExpectedWhileTheOthersAreBusyIsUnloadedAgainAndWaits() {
    AtomicLong rss = new AtomicLong();
    AtomicLong growth = new AtomicLong();
    // After start-up's check, each measured load adds 180 bytes: the 100-byte hint was too small.
    ResidentMemory memory = () -> OptionalLong.of(rss.getAndAdd(growth.get()));
    ModelSource big = new ModelSource("big", false, MODEL, true, supplier("big"));
    ModelPool pool = pool(250, Duration.ZERO, memory, source("a"), big);
    growth.set(180);
    load(pool, "a");
    lanes.busy.add("a");

    assertThat(pool.obtain("big", lanes)).isNull();
    runLoads();
    assertThat(pool.obtain("big", lanes)).isNull();

    assertThat(state(pool, "big")).isEqualTo(ModelPool.State.UNLOADED);
    assertThat(pool.residentBytes()).isEqualTo(MODEL);
    assertThat(pool.status()).filteredOn(st -> st.id().equals("big")).extracting(ModelPool.ModelStatus::bytes)
        .containsExactly(180L);

    lanes.busy.clear();
    assertThat(pool.obtain("big", lanes)).as("now it knows its size, it makes room first").isNull();
    assertThat(lanes.detached).containsExactly("a");
    runLoads();
    assertThat(pool.obtain("big", lanes)).isNotNull();
    assertThat(pool.residentBytes()).isLessThanOrEqualTo(250);
  }

  @Test
  void aPinnedModelIsLoadedAtStartAndNeverEvicted() {
    ModelPool pool = pool(250, pinned("p"), source("b"), source("c"));
    assertThat(state(pool, "p")).isEqualTo(ModelPool.State.LOADED);
    load(pool, "b");
    pool.used("b");

    assertThat(pool.obtain("c", lanes)).isNull();

    assertThat(lanes.detached).containsExactly("b");
    assertThat(state(pool, "p")).isEqualTo(ModelPool.State.LOADED);
  }

  @Test
  void whenOnlyPinnedModelsRemainTheLoadWaits() {
    ModelPool pool = pool(250, pinned("p"), pinned("q"), source("c"));

    assertThat(pool.obtain("c", lanes)).isNull();

    assertThat(loads).isEmpty();
    assertThat(lanes.detached).isEmpty();
    assertThat(pool.residentBytes()).isEqualTo(2 * MODEL);
  }

  @Test
  void aBrokenExportFailsItsWaitingJobsOnceAndLoadsAgainForTheNextJob() {
    AtomicInteger attempts = new AtomicInteger();
    ModelSource flaky = ModelSource.declared("f", false, MODEL, () -> {
      if (attempts.getAndIncrement() == 1) {
        throw new ModelLoadException("unet/model.onnx is missing");
      }
      return sim("f");
    });
    ModelPool pool = pool(250, flaky);

    assertThat(pool.obtain("f", lanes)).isNull();
    runLoads();
    assertThat(pool.obtain("f", lanes)).isNull();

    assertThat(state(pool, "f")).isEqualTo(ModelPool.State.FAILED);
    ModelPool.LoadFailure failure = pool.takeFailure("f");
    assertThat(failure.permanent()).isTrue();
    assertThat(failure.message()).contains("model f", "unet/model.onnx is missing");
    assertThat(pool.takeFailure("f")).as("reported once").isNull();
    assertThat(events.failed).containsExactly("f:permanent");
    assertThat(pool.residentBytes()).isZero();

    assertThat(pool.obtain("f", lanes)).isNull();
    runLoads();
    assertThat(pool.obtain("f", lanes)).isNotNull();
    assertThat(attempts).hasValue(3);
  }

  @Test
  void anIoFailureIsNotPermanent() {
    AtomicInteger attempts = new AtomicInteger();
    ModelSource io = ModelSource.declared("io", false, MODEL, () -> {
      if (attempts.getAndIncrement() == 1) {
        throw new UncheckedIOException(new IOException("disk unplugged"));
      }
      return sim("io");
    });
    ModelPool pool = pool(250, io);

    pool.obtain("io", lanes);
    runLoads();
    pool.obtain("io", lanes);

    assertThat(pool.takeFailure("io").permanent()).isFalse();
  }

  @Test
  void aBudgetSmallerThanOneModelFailsAtStartNamingModelSizeAndBudget() {
    ModelPool pool = new ModelPool(List.of(source("big")), 60, manual, ResidentMemory.unavailable(), events);

    assertThatThrownBy(pool::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model big").hasMessageContaining("100 B").hasMessageContaining("60 B")
        .hasMessageContaining("engine.memoryBudget");
  }

  @Test
  void pinnedModelsThatDoNotFitTogetherFailAtStart() {
    ModelPool pool = new ModelPool(List.of(pinned("p"), pinned("q")), 150, manual, ResidentMemory.unavailable(),
        events);

    assertThatThrownBy(pool::start).hasMessageContaining("pinned").hasMessageContaining("150 B");
  }

  @Test
  void cyclingThroughMoreModelsThanFitNeverExceedsTheBudget() {
    ModelPool pool = pool(250, source("a"), source("b"), source("c"), source("d"));
    long max = 0;
    int served = 0;
    for (int round = 0; round < 20; round++) {
      String id = List.of("a", "b", "c", "d").get(round % 4);
      pool.beginRound(lanes);
      DiffusionModel model = pool.obtain(id, lanes);
      max = Math.max(max, pool.residentBytes());
      if (model == null) {
        runLoads();
        model = pool.obtain(id, lanes);
      }
      max = Math.max(max, pool.residentBytes());
      assertThat(model).isNotNull();
      served++;
    }
    assertThat(served).isEqualTo(20);
    assertThat(max).isLessThanOrEqualTo(250);
    assertThat(events.evicted).hasSizeGreaterThanOrEqualTo(16);
  }

  @Test
  void everyModelHasItsFactsWhileUnloaded() {
    ModelPool pool = pool(250, source("a"), source("b"));

    assertThat(pool.facts()).containsOnlyKeys("a", "b");
    assertThat(pool.facts().get("a").defaultWidth()).isEqualTo(512);
  }

  @Test
  void startReadsProfilesAndLoadsOnlyPinnedModels() {
    AtomicInteger loadsOfUnpinned = new AtomicInteger();
    ModelSource unpinned = new ModelSource("u", false, MODEL, true, () -> sim("u").profile(), () -> {
      loadsOfUnpinned.incrementAndGet();
      return sim("u");
    });
    ModelPool pool = pool(250, pinned("p"), unpinned);

    assertThat(loadsOfUnpinned).as("no session opened for an unpinned model at start").hasValue(0);
    assertThat(pool.facts()).containsOnlyKeys("p", "u");
    assertThat(pool.facts().get("u").name()).isEqualTo("u");
    assertThat(state(pool, "u")).isEqualTo(ModelPool.State.UNLOADED);
    assertThat(state(pool, "p")).isEqualTo(ModelPool.State.LOADED);
    assertThat(pool.loaded("p")).isNotNull();
    assertThat(pool.loaded("u")).isNull();

    load(pool, "u");
    assertThat(loadsOfUnpinned).hasValue(1);
    assertThat(pool.loaded("u")).isNotNull();
  }

  @Test
  void aBrokenExportFailsStartNamingTheModelAndTheFile(@TempDir Path tmp) throws IOException {
    Path export = tmp.resolve("broken");
    Files.createDirectories(export.resolve("unet"));
    Files.writeString(export.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionPipeline\"}");
    Files.createDirectories(export.resolve("scheduler"));
    Files.writeString(export.resolve("scheduler/scheduler_config.json"), "{\"_class_name\": \"DDIMScheduler\"}");
    for (boolean pinned : new boolean[] {false, true}) {
      ModelPool pool = new ModelPool(List.of(source("a"), ModelSource.export("broken", pinned, export,
          RuntimeOptions.cpu())), 0, manual, ResidentMemory.unavailable(), events);

      assertThatThrownBy(pool::start).as("pinned: %s", pinned).isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("model broken")
          .hasMessageContaining(export.resolve("unet/model.onnx").toAbsolutePath().toString())
          .hasMessageContaining("is missing");
    }
    assertThat(events.loaded).isEmpty();
  }

  @Test
  void anUnpinnedModelWhoseWeightsOnDiskExceedTheBudgetFailsStartWithoutLoading() {
    AtomicInteger loaded = new AtomicInteger();
    ModelSource big = new ModelSource("big", false, 300, true, () -> sim("big").profile(), () -> {
      loaded.incrementAndGet();
      return sim("big");
    });
    ModelPool pool = new ModelPool(List.of(big), 250, manual, ResidentMemory.unavailable(), events);

    assertThatThrownBy(pool::start).hasMessageContaining("model big").hasMessageContaining("300 B")
        .hasMessageContaining("on disk").hasMessageContaining("engine.memoryBudget 250 B");
    assertThat(loaded).hasValue(0);
  }

  @Test
  void aModelMeasuredBiggerThanTheWholeBudgetFailsItsJobsPermanentlyInsteadOfWaitingForRoom() {
    AtomicLong rss = new AtomicLong();
    ResidentMemory memory = () -> OptionalLong.of(rss.getAndAdd(300));
    ModelSource big = new ModelSource("big", false, MODEL, true, () -> sim("big").profile(), supplier("big"));
    ModelPool pool = pool(250, Duration.ZERO, memory, big);

    assertThat(pool.obtain("big", lanes)).isNull();
    runLoads();
    assertThat(pool.obtain("big", lanes)).isNull();
    ModelPool.LoadFailure first = pool.takeFailure("big");
    assertThat(first.permanent()).isTrue();
    assertThat(first.message()).contains("model big", "engine.memoryBudget");

    assertThat(pool.obtain("big", lanes)).as("the next job fails at once: no room can ever be made").isNull();
    assertThat(loads).as("no load started").isEmpty();
    ModelPool.LoadFailure again = pool.takeFailure("big");
    assertThat(again).isNotNull();
    assertThat(again.permanent()).isTrue();
    assertThat(pool.residentBytes()).isZero();
  }

  /** Models a, b and c of 100 bytes in a budget of 250: a and b loaded (b used last), c not. */
  private ModelPool aAndBLoadedCWaiting() {
    ModelPool pool = pool(250, source("a"), source("b"), source("c"));
    load(pool, "a");
    load(pool, "b");
    return pool;
  }

  /** In the next engine round, a (drained) is evicted and c starts loading; a may admit jobs again. */
  private void assertTheNextRoundEvictsAForC(ModelPool pool) {
    pool.beginRound(lanes);
    assertThat(pool.obtain("c", lanes)).isNull();
    assertThat(lanes.detached).containsExactly("a");
    assertThat(state(pool, "c")).isEqualTo(ModelPool.State.LOADING);
    assertThat(pool.admits("a")).isTrue();
  }

  @Test
  void aVaeEncoderOpenedAfterTheLoadCountsAgainstTheBudget() {
    LazyLatentEncoder encoder = new LazyLatentEncoder(OpenedEncoder::new, ResidentMemory.unavailable(), 60);
    DiffusionModel withEncoder = TestModels.withEncoder(sim("a"), encoder);
    ModelPool pool = pool(250, new ModelSource("a", false, MODEL, false, () -> sim("a").profile(), () -> withEncoder),
        source("b"));
    load(pool, "a");
    assertThat(pool.residentBytes()).isEqualTo(MODEL);

    encoder.encode(new float[3 * 8 * 8], 1, 8, 8); // the first img2img request opens it

    assertThat(pool.residentBytes()).as("the model and its encoder").isEqualTo(MODEL + 60);
    assertThat(pool.obtain("b", lanes)).isNull();
    assertThat(events.evicted).as("100 + 60 + 100 exceed 250: a makes room, as it would not without its encoder")
        .containsExactly("a");
    assertThat(pool.residentBytes()).as("b is loading; a and its encoder are gone").isEqualTo(MODEL);
  }

  /** A VAE encoder that holds nothing: the test only counts its opening. */
  private static final class OpenedEncoder implements LatentEncoder {
    @Override
    public EncodedLatents encode(float[] pixels, int count, int height, int width) {
      return new EncodedLatents(new float[4], 1, 4, 1, 1, false);
    }

    @Override
    public void close() {
    }
  }

  private void load(ModelPool pool, String id) {
    assertThat(pool.obtain(id, lanes)).isNull();
    runLoads();
    assertThat(pool.obtain(id, lanes)).isNotNull();
  }

  private void runLoads() {
    while (!loads.isEmpty()) {
      loads.poll().run();
    }
  }

  private ModelPool pool(long budget, ModelSource... sources) {
    return pool(budget, Duration.ZERO, ResidentMemory.unavailable(), sources);
  }

  private ModelPool pool(long budget, Duration minResidency, ResidentMemory memory, ModelSource... sources) {
    ModelPool pool = new ModelPool(List.of(sources), budget, manual, memory, events, minResidency, clock::get);
    pool.start();
    return pool;
  }

  private static ModelPool.State state(ModelPool pool, String id) {
    return pool.status().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().state();
  }

  private static ModelSource source(String id) {
    return ModelSource.declared(id, false, MODEL, supplier(id));
  }

  private static ModelSource pinned(String id) {
    return ModelSource.declared(id, true, MODEL, supplier(id));
  }

  private static Supplier<DiffusionModel> supplier(String id) {
    return () -> sim(id);
  }

  private static DiffusionModel sim(String id) {
    return SimulatedModel.create(id, CostModel.nearlyFree());
  }

  private static final class FakeLanes implements ModelPool.Lanes {
    final Set<String> busy = new HashSet<>();
    final Set<String> queued = new HashSet<>();

    @Override
    public boolean hasQueued(String id) {
      return queued.contains(id);
    }

    final List<String> detached = new ArrayList<>();

    @Override
    public boolean idle(String id) {
      return !busy.contains(id);
    }

    @Override
    public void detach(String id) {
      assertThat(busy).doesNotContain(id);
      detached.add(id);
    }
  }

  private static final class Recorder implements PoolListener {
    final List<String> loaded = new ArrayList<>();
    final List<String> evicted = new ArrayList<>();
    final List<String> failed = new ArrayList<>();
    final Map<String, Long> bytes = new HashMap<>();

    @Override
    public void loaded(String model, long nanos, long b) {
      loaded.add(model);
      bytes.put(model, b);
    }

    @Override
    public void evicted(String model, long b) {
      evicted.add(model);
    }

    @Override
    public void loadFailed(String model, boolean permanent, String message) {
      failed.add(model + (permanent ? ":permanent" : ":transient"));
    }
  }
}
