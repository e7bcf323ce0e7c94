package dev.latentq.engine.batching;

import dev.latentq.engine.batching.JobOutcomeException.Reason;
import dev.latentq.engine.model.NativeStackThreads;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.ModelProfile;
import dev.latentq.engine.residency.ModelPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: one dedicated thread that owns every model's ONNX sessions and runs continuous step-level
 * batching. Each loop it takes commands (submissions, cancellations) from an inbox, fails queued jobs whose
 * deadline passed, admits queued jobs into each model's batch and advances every non-empty batch by one step;
 * finished jobs are decoded and leave at once, new ones join at the next step boundary.
 *
 * <p>Public methods are thread-safe and never block on model work: they post to the inbox. Results complete on
 * the engine thread; callers move them to their own context (e.g. {@code Future.fromCompletionStage(f, ctx)}).
 */
public final class BatchEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchEngine.class);
  private static final long IDLE_WAIT_MILLIS = 200;
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final Map<String, ModelLane> lanes = new LinkedHashMap<>();
  private final ModelPool pool;
  private final ModelPool.Lanes poolLanes = new ModelPool.Lanes() {
    @Override
    public boolean idle(String id) {
      return lanes.get(id).detachable();
    }

    @Override
    public void detach(String id) {
      lanes.get(id).detach();
    }

    @Override
    public boolean hasQueued(String id) {
      return lanes.get(id).queued() > 0;
    }
  };
  private final Clock clock;
  private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final Map<String, ActiveJob> jobs = new LinkedHashMap<>();
  private final Tombstones canceledEarly;
  private final Thread thread;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger runningJobs = new AtomicInteger();
  private final AtomicInteger runningSamples = new AtomicInteger();
  private final LongSupplier nanoTime;
  private final CompletableFuture<Void> modelsClosed = new CompletableFuture<>();
  private volatile boolean admitting = true;
  private volatile boolean stopped;

  /**
   * @param models the loaded models by id; the engine takes ownership and closes them
   * @param maxRowsPerCall U-Net rows (samples) per call, the batch limit
   */
  public BatchEngine(Map<String, DiffusionModel> models, int maxRowsPerCall, EngineListener listener, Clock clock) {
    this(models, maxRowsPerCall, listener, clock, SchedulingOptions.DEFAULTS, System::nanoTime);
  }

  /**
   * @param scheduling admission policy, decode and text-encoder batching
   */
  public BatchEngine(Map<String, DiffusionModel> models, int maxRowsPerCall, EngineListener listener, Clock clock,
      SchedulingOptions scheduling) {
    this(models, maxRowsPerCall, listener, clock, scheduling, System::nanoTime);
  }

  /**
   * An engine on given clocks (tests use a manual one).
   *
   * @param clock wall time, for job deadlines, admission waits and remembered cancels
   * @param scheduling admission policy, decode and text-encoder batching
   * @param nanoTime monotonic time like {@link System#nanoTime()}, for the drain timeout and the jobs' timings
   */
  public BatchEngine(Map<String, DiffusionModel> models, int maxRowsPerCall, EngineListener listener, Clock clock,
      SchedulingOptions scheduling, LongSupplier nanoTime) {
    this(poolOf(models), maxRowsPerCall, listener, clock, scheduling, nanoTime);
  }

  /**
   * An engine whose models come and go within a memory budget: a model loads when its first job arrives (jobs wait
   * in its queue meanwhile, other models' batches go on) and is evicted when idle and another needs the room.
   *
   * @param pool the started pool; the engine takes ownership and closes it
   */
  public BatchEngine(ModelPool pool, int maxRowsPerCall, EngineListener listener, Clock clock,
      SchedulingOptions scheduling, LongSupplier nanoTime) {
    this.pool = pool;
    this.clock = clock;
    this.nanoTime = nanoTime;
    pool.facts().forEach((id, model) -> lanes.put(id, new ModelLane(id, null, maxRowsPerCall, listener, scheduling,
        clock, nanoTime)));
    this.canceledEarly = new Tombstones(10_000, Duration.ofHours(1), clock);
    this.thread = NativeStackThreads.create(this::loop, "latentq-engine", false);
    Runnable wake = () -> post(() -> { });
    pool.wakeWith(wake);
    lanes.values().forEach(lane -> lane.wakeWith(wake));
  }

  private static ModelPool poolOf(Map<String, DiffusionModel> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("the engine needs at least one model");
    }
    return ModelPool.ofLoaded(models);
  }

  /** Starts the engine thread. */
  public void start() {
    thread.start();
  }

  /**
   * Every model's facts by id, for checking jobs (defaults, sizes, prompts may be read from any thread), whether the
   * model is loaded or not. {@link ModelPool#loaded} gives a loaded model itself.
   */
  public Map<String, ModelProfile> models() {
    return pool.facts();
  }

  /** The models' pool: which are loaded, their bytes and the budget. */
  public ModelPool pool() {
    return pool;
  }

  /**
   * Queues a job. The future completes with the decoded images, or exceptionally with a
   * {@link JobOutcomeException} (failed, canceled or abandoned).
   */
  public CompletableFuture<JobImages> submit(EngineJob job) {
    ActiveJob active = new ActiveJob(job);
    if (!lanes.containsKey(job.model())) {
      active.result.completeExceptionally(new IllegalArgumentException("no model '" + job.model() + "' loaded"));
      return active.result;
    }
    if (!admitting) {
      active.result.completeExceptionally(JobOutcomeException.abandoned("the worker is shutting down"));
      return active.result;
    }
    post(() -> {
      if (jobs.containsKey(job.id())) {
        active.result.completeExceptionally(new IllegalStateException("job " + job.id() + " is already in the engine"));
        return;
      }
      Tombstones.Entry early = canceledEarly.take(job.id());
      if (early != null) {
        if (job.canceledBy(early.requestedAt())) {
          active.result.completeExceptionally(JobOutcomeException.canceled("canceled by request before it started"));
          return;
        }
        LOG.info("job {} was produced after the cancel that arrived before it; the cancel does not apply", job.id());
      }
      jobs.put(job.id(), active);
      active.result.whenComplete((r, e) -> post(() -> jobs.remove(job.id(), active)));
      lanes.get(job.model()).enqueue(active);
    });
    return active.result;
  }

  /**
   * Takes a job out of the queue or the running batch (at the next step boundary). A canceled job's future
   * completes as canceled; an abandoned one (e.g. its partition moved to another worker) as abandoned. A cancel
   * for a job the engine does not hold yet is remembered for an hour, so a cancel that overtakes its job works.
   */
  public void cancel(String jobId, String reason, boolean abandon) {
    cancel(jobId, reason, abandon, null);
  }

  /**
   * Like {@link #cancel(String, String, boolean)} for a cancel requested at {@code requestedAt} (e.g. its record's
   * timestamp; null when unknown): it applies only to a job produced at or before that time, so a cancel for an id
   * never cancels a later, unrelated job that reuses the id.
   */
  public void cancel(String jobId, String reason, boolean abandon, Instant requestedAt) {
    post(() -> {
      ActiveJob job = jobs.get(jobId);
      if (job == null) {
        if (!abandon) {
          canceledEarly.add(jobId, requestedAt);
        }
        return;
      }
      if (!abandon && !job.job.canceledBy(requestedAt)) {
        LOG.info("ignoring a cancel of job {} requested at {}, before the job was produced at {}", jobId,
            requestedAt, job.job.producedAt());
        return;
      }
      lanes.get(job.job.model()).remove(jobId);
      job.result.completeExceptionally(abandon ? JobOutcomeException.abandoned(reason)
          : JobOutcomeException.canceled(reason));
    });
  }

  /** Jobs waiting to join a batch. */
  public int queuedJobs() {
    return queued.get();
  }

  /** Jobs in a running batch. */
  public int runningJobs() {
    return runningJobs.get();
  }

  /** Images being denoised. */
  public int runningSamples() {
    return runningSamples.get();
  }

  public boolean isAlive() {
    return thread.isAlive() && !stopped;
  }

  /**
   * Stops admitting: queued jobs are abandoned now (their offsets stay uncommitted, so Kafka redelivers them);
   * running jobs may finish until {@code timeout}, then they are abandoned too. Completes when nothing runs.
   */
  public CompletableFuture<Void> drain(Duration timeout) {
    admitting = false;
    CompletableFuture<Void> drained = new CompletableFuture<>();
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    post(() -> lanes.values().forEach(l -> l.abandonAll(JobOutcomeException.abandoned("the worker is shutting down"),
        false)));
    post(new Runnable() {
      @Override
      public void run() {
        boolean busy = lanes.values().stream().anyMatch(l -> l.runningJobs() > 0);
        if (!busy) {
          drained.complete(null);
        } else if (nanoTime.getAsLong() >= deadline) {
          lanes.values().forEach(l -> l.abandonAll(JobOutcomeException.abandoned(
              "the worker's drain timeout of " + timeout.toSeconds() + " s expired"), true));
          drained.complete(null);
        } else {
          // Check again after the next step.
          inbox.add(this);
        }
      }
    });
    return drained;
  }

  private void post(Runnable command) {
    inbox.add(command);
  }

  private void loop() {
    LOG.info("engine started with models {}", lanes.keySet());
    try {
      while (!stopped) {
        boolean worked = false;
        // Only what was posted before this round: a command that re-posts itself runs again next round.
        for (int pending = inbox.size(); pending > 0; pending--) {
          inbox.take().run();
        }
        Instant now = clock.instant();
        pool.beginRound(poolLanes);
        for (ModelLane lane : lanes.values()) {
          lane.expireDeadlines(now);
        }
        if (admitting) {
          lanes.values().forEach(this::obtainModel);
        }
        for (ModelLane lane : lanes.values()) {
          // A lane asked to drain for a waiting load still lets its preempted jobs back once its batch emptied.
          boolean mayAdmit = pool.admits(lane.id()) || (lane.runningJobs() == 0 && !lane.detachable());
          if (admitting && lane.attached() && mayAdmit) {
            lane.admit();
          }
          if (lane.hasWork()) {
            lane.step();
            pool.used(lane.id());
            worked = true;
          }
        }
        publishCounts();
        if (!worked) {
          Runnable command = inbox.poll(idleWaitMillis(), TimeUnit.MILLISECONDS);
          if (command != null) {
            command.run();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("engine thread died; failing every job it held", e);
      throw e;
    } finally {
      stopped = true;
      lanes.values().forEach(l -> l.abandonAll(JobOutcomeException.abandoned("the engine stopped"), true));
      // The engine thread owns the sessions: it closes them once no call of its own can still be running.
      closeModels();
      LOG.info("engine stopped");
    }
  }

  /**
   * Gives a lane with waiting jobs its model once loaded (starting the load when none runs); when the load failed,
   * its waiting jobs fail with the reason and the next job tries again.
   */
  private void obtainModel(ModelLane lane) {
    if (lane.attached() || lane.queued() == 0) {
      return;
    }
    DiffusionModel model = pool.obtain(lane.id(), poolLanes);
    if (model != null) {
      lane.attach(model);
      return;
    }
    ModelPool.LoadFailure failure = pool.takeFailure(lane.id());
    if (failure != null) {
      lane.failQueued(JobOutcomeException.failed(failure.permanent() ? Reason.MODEL_LOAD_FAILED
          : Reason.MODEL_UNAVAILABLE, failure.message(), failure.cause()));
    }
  }

  /** How long an idle loop may wait for a command: until the earliest time an admission policy asked for. */
  private long idleWaitMillis() {
    long wait = IDLE_WAIT_MILLIS;
    Instant now = clock.instant();
    for (ModelLane lane : lanes.values()) {
      Instant wake = lane.wakeAt();
      if (wake != null) {
        wait = Math.min(wait, Math.max(0, Duration.between(now, wake).toMillis() + 1));
      }
    }
    return wait;
  }

  private void publishCounts() {
    int q = 0;
    int jobsRunning = 0;
    int samples = 0;
    for (ModelLane lane : lanes.values()) {
      q += lane.queued();
      jobsRunning += lane.runningJobs();
      samples += lane.runningSamples();
    }
    queued.set(q);
    runningJobs.set(jobsRunning);
    runningSamples.set(samples);
  }

  /**
   * Stops the thread (abandoning whatever it still holds) and waits up to 30 s until it has closed the models; see
   * {@link #close(Duration)}.
   */
  @Override
  public void close() throws Exception {
    close(Duration.ofSeconds(CLOSE_WAIT_SECONDS));
  }

  /**
   * Stops the thread (abandoning whatever it still holds) and waits up to {@code wait} until it has closed the
   * models. The engine thread closes them itself after its last ONNX call returned, so native memory is never freed
   * under a running call; if that call does not return in time, this returns and the models are closed when it
   * does. An engine that was never started closes its models here.
   *
   * @throws Exception the first failure closing a model (others suppressed), if the models closed in time
   */
  public void close(Duration wait) throws Exception {
    stopped = true;
    if (thread.getState() == Thread.State.NEW) {
      closeModels();
    } else {
      thread.interrupt();
    }
    try {
      modelsClosed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("the engine thread is still inside a model call after {} ms; its models will be closed when the"
          + " call returns", wait.toMillis(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception failure ? failure : e;
    }
  }

  private synchronized void closeModels() {
    if (modelsClosed.isDone()) {
      return;
    }
    Exception failure = null;
    for (ModelLane lane : lanes.values()) {
      lane.close();
    }
    try {
      pool.close();
    } catch (Exception e) {
      failure = e;
    }
    if (failure == null) {
      modelsClosed.complete(null);
    } else {
      modelsClosed.completeExceptionally(failure);
    }
  }
}
