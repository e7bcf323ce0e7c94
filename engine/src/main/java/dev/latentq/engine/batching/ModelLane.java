package dev.latentq.engine.batching;

import dev.latentq.engine.batching.JobOutcomeException.Reason;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.model.InferenceException;
import dev.latentq.engine.pipeline.DecodedImage;
import dev.latentq.engine.pipeline.DenoiseBatch;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's queue and running batch. Jobs join the batch at step boundaries, oldest first within a priority,
 * while their group (LoRA set, latent size and conditioning length, and timestep for scalar-timestep U-Nets) has
 * room for their rows; finished jobs leave at once to be decoded. A job that does not fit reserves its group, so
 * smaller jobs behind it cannot starve it. Engine thread only.
 */
final class ModelLane implements AutoCloseable {
  /**
   * Distinct groups (LoRA sets, latent sizes, conditioning lengths or timesteps) running at once: each costs its
   * own U-Net call per step.
   */
  static final int MAX_GROUPS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ModelLane.class);

  private final String id;
  /** Null while the model is not loaded (a lane of a model pool): jobs queue and wait for it. */
  private DiffusionModel model;
  private final int maxRowsPerCall;
  private final EngineListener listener;
  private final LongSupplier nanoTime;
  private final SchedulingOptions scheduling;
  private final AdmissionPolicy admission;
  private final DecodeBatcher decodes;
  private final Preemption preemption;
  private final Clock clock;
  private Instant wakeAt;
  /** Makes the engine thread look at its lanes again (a LoRA variant built elsewhere is ready). */
  private Runnable wake = () -> { };
  private final TreeSet<ActiveJob> queue = new TreeSet<>(ActiveJob.ORDER);
  private final Map<String, ActiveJob> running = new LinkedHashMap<>();
  private DenoiseBatch batch;

  /**
   * @param clock wall time on the engine's clock, for admission waits and deadlines
   * @param nanoTime a monotonic clock such as {@link System#nanoTime()}, for the jobs' queue and denoise times
   */
  ModelLane(String id, DiffusionModel model, int maxRowsPerCall, EngineListener listener,
      SchedulingOptions scheduling, Clock clock, LongSupplier nanoTime) {
    this.id = id;
    this.model = model;
    this.maxRowsPerCall = maxRowsPerCall;
    this.listener = listener;
    this.nanoTime = nanoTime;
    this.scheduling = scheduling;
    this.admission = AdmissionPolicy.named(scheduling.admission(), scheduling.maxQueueDelay());
    this.decodes = new DecodeBatcher(scheduling.maxDecodeBatch(), scheduling.maxDecodeDelay(),
        scheduling.priorityStepLatency().isPositive());
    this.clock = clock;
    this.preemption = new Preemption(AdmissionPolicy.STEP.equals(scheduling.admission())
        ? scheduling.maxPreemptions() : 0);
    this.batch = model == null ? null : model.newBatch(Math.max(2, maxRowsPerCall));
  }

  DiffusionModel model() {
    return model;
  }

  /** How the lane asks the engine thread for another admission round; any thread may run it. */
  void wakeWith(Runnable wake) {
    this.wake = wake;
  }

  String id() {
    return id;
  }

  /** Whether the lane has its model (a pooled model may be loading, or evicted). */
  boolean attached() {
    return model != null;
  }

  /** Gives the lane its (newly loaded) model: queued jobs may now join a batch. */
  void attach(DiffusionModel loaded) {
    if (model != null) {
      throw new IllegalStateException("lane " + id + " already has its model");
    }
    model = loaded;
    batch = loaded.newBatch(Math.max(2, maxRowsPerCall));
  }

  /**
   * Whether the lane could give its model up now: nothing runs, and no queued job holds samples of it (a preempted
   * job resumes on the same model instance).
   */
  boolean detachable() {
    return running.isEmpty() && (batch == null || batch.isEmpty())
        && queue.stream().allMatch(job -> job.samples.isEmpty());
  }

  /**
   * Takes the model away (it is being evicted; the caller closes it): queued jobs stay and wait for it to load
   * again. Only when {@link #detachable()}.
   */
  DiffusionModel detach() {
    if (!detachable()) {
      throw new IllegalStateException("lane " + id + " still has jobs on its model");
    }
    DiffusionModel old = model;
    if (batch != null) {
      batch.close();
    }
    batch = null;
    model = null;
    return old;
  }

  /** Fails every queued job with {@code outcome} (its model could not be loaded). */
  void failQueued(JobOutcomeException outcome) {
    queue.forEach(job -> job.result.completeExceptionally(outcome));
    queue.clear();
  }

  void enqueue(ActiveJob job) {
    job.queuedAt = clock.instant();
    queue.add(job);
  }

  int queued() {
    return queue.size();
  }

  int runningJobs() {
    return running.size();
  }

  int runningSamples() {
    return batch == null ? 0 : batch.size();
  }

  boolean hasWork() {
    return batch != null && !batch.isEmpty();
  }

  /** Removes a queued or running job; returns it, or null when this lane does not hold it. */
  ActiveJob remove(String jobId) {
    ActiveJob job = running.remove(jobId);
    if (job != null) {
      job.samples.forEach(batch::remove);
      decodes.remove(job);
      return job;
    }
    for (Iterator<ActiveJob> it = queue.iterator(); it.hasNext(); ) {
      ActiveJob queued = it.next();
      if (queued.id().equals(jobId)) {
        it.remove();
        discard(queued.samples); // a preempted job's samples still hold their LoRA variant
        discardAhead(queued);
        return queued;
      }
    }
    return null;
  }

  /** Queued jobs whose deadline has passed leave the queue and fail without running. */
  void expireDeadlines(Instant now) {
    for (Iterator<ActiveJob> it = queue.iterator(); it.hasNext(); ) {
      ActiveJob queued = it.next();
      if (queued.samples.isEmpty() && queued.job.deadline() != null && !now.isBefore(queued.job.deadline())) {
        it.remove();
        discardAhead(queued);
        queued.result.completeExceptionally(JobOutcomeException.failed(Reason.DEADLINE_EXCEEDED,
            "deadline " + queued.job.deadline() + " passed before the job could start; resubmit with a later"
                + " deadline or when the queue is shorter", null));
      }
    }
  }

  /** Moves queued jobs into the batch while they fit. */
  void admit() {
    if (model == null) {
      return;
    }
    AdmissionPolicy.Decision decision = admission.decide(this::admissionView, clock.instant());
    wakeAt = decision.wakeAt();
    if (!decision.admit()) {
      return;
    }
    List<ActiveJob> joining = new ArrayList<>();
    Map<GroupKey, Integer> rows = groupRows();
    Set<GroupKey> reserved = new HashSet<>();
    ActiveJob blocked = null;
    Integer protectedPriority = protectedPriority();
    for (Iterator<ActiveJob> it = queue.iterator(); it.hasNext(); ) {
      ActiveJob job = it.next();
      GroupKey key;
      try {
        key = keyOf(job);
      } catch (IllegalArgumentException e) {
        it.remove();
        failPreparation(job, e, "could not group the job");
        continue;
      }
      if (reserved.contains(key)) {
        continue;
      }
      int needed = job.job.rows(guided(job));
      Integer taken = rows.get(key);
      boolean fits = (taken == null
          ? rows.size() < MAX_GROUPS && (needed <= maxRowsPerCall || rows.isEmpty())
          : taken + needed <= maxRowsPerCall) && withinBudget(scheduling.maxStepLatency(), rows, key, needed);
      if (fits && protectedPriority != null && job.job.priority() < protectedPriority
          && !withinBudget(scheduling.priorityStepLatency(), rows, key, needed)) {
        continue; // would slow the outranking jobs down; joins when they are done
      }
      if (!fits) {
        reserved.add(key);
        blocked = blocked == null ? job : blocked;
        continue;
      }
      if (!variantReady(job, it::remove)) {
        continue; // its LoRA variant is being built off this thread; it joins once the variant is ready
      }
      it.remove();
      joining.add(job);
      rows.merge(key, needed, Integer::sum);
    }
    ActiveJob preempting = blocked;
    if (preempting != null && variantReady(preempting, () -> queue.remove(preempting))
        && preempt(preempting, rows)) {
      queue.remove(preempting);
      joining.add(preempting);
    }
    if (protectedPriority != null) {
      shed(protectedPriority, rows);
    }
    // Encoding ahead would add queued jobs' prompts to an outranking job's text-encoder call.
    startAll(joining, protectedPriority == null);
  }

  /**
   * Whether the job's LoRA variant is built, so that joining does not build it on this thread; if not, the model
   * builds it elsewhere and wakes the engine when done. A job whose build failed leaves the queue ({@code leave})
   * and fails. A preempted job's samples hold their variant already.
   */
  private boolean variantReady(ActiveJob job, Runnable leave) {
    try {
      return !job.samples.isEmpty() || model.variantReady(job.job.request().loras(), wake);
    } catch (RuntimeException e) {
      leave.run();
      failPreparation(job, e, "could not apply the job's LoRAs");
      return false;
    }
  }

  /**
   * The priority that {@code priorityStepLatency} protects now: the highest among the lane's denoising and queued
   * jobs when it outranks another of them, else null (also when no budget is set).
   */
  private Integer protectedPriority() {
    if (!scheduling.priorityStepLatency().isPositive()) {
      return null;
    }
    int top = Integer.MIN_VALUE;
    int bottom = Integer.MAX_VALUE;
    for (ActiveJob job : queue) {
      top = Math.max(top, job.job.priority());
      bottom = Math.min(bottom, job.job.priority());
    }
    for (ActiveJob job : running.values()) {
      if (!job.samples.get(0).done()) {
        top = Math.max(top, job.job.priority());
        bottom = Math.min(bottom, job.job.priority());
      }
    }
    return top > bottom ? top : null;
  }

  /**
   * Displaces running jobs below {@code priority} (in preemption order, within {@code maxPreemptions}) until a step
   * fits {@code priorityStepLatency} by the U-Net's cost estimate, or none is left to displace.
   */
  private void shed(int priority, Map<GroupKey, Integer> rows) {
    double budget = scheduling.priorityStepLatency().toNanos() / 1e6;
    List<ActiveJob> candidates = new ArrayList<>();
    for (ActiveJob job : running.values()) {
      if (!job.samples.get(0).done()) {
        candidates.add(job);
      }
    }
    for (ActiveJob victim : preemption.lowerThan(priority, candidates)) {
      OptionalDouble millis = stepMillis(rows);
      if (millis.isEmpty() || millis.getAsDouble() <= budget) {
        return;
      }
      GroupKey key = keyOf(victim.samples.get(0));
      rows.merge(key, -victim.job.rows(guided(victim)), Integer::sum);
      rows.remove(key, 0);
      displace(victim, priority);
    }
  }

  /** Takes a running job out of the batch back into the queue; it keeps its samples and resumes later. */
  private void displace(ActiveJob victim, int forPriority) {
    LOG.debug("job {} (priority {}) gives its place to priority {}", victim.id(), victim.job.priority(), forPriority);
    victim.samples.forEach(batch::suspend);
    running.remove(victim.id());
    victim.preemptions++;
    queue.add(victim);
  }

  /**
   * Whether a step with {@code needed} more rows in group {@code key} stays within {@code budget} (zero: none) by
   * the U-Net's cost estimate. An empty batch always takes its first job, so a budget below a lone job's step cannot
   * stall the lane; a U-Net without an estimate is not limited.
   */
  private boolean withinBudget(Duration budget, Map<GroupKey, Integer> rows, GroupKey key, int needed) {
    if (!budget.isPositive() || rows.isEmpty()) {
      return true;
    }
    Map<GroupKey, Integer> next = new HashMap<>(rows);
    next.merge(key, needed, Integer::sum);
    OptionalDouble millis = stepMillis(next);
    return millis.isEmpty() || millis.getAsDouble() <= budget.toNanos() / 1e6;
  }

  /** A step's U-Net time with these rows per group by the cost estimate; empty when the U-Net has none. */
  private OptionalDouble stepMillis(Map<GroupKey, Integer> rows) {
    double total = 0;
    for (Map.Entry<GroupKey, Integer> group : rows.entrySet()) {
      OptionalDouble millis = model.expectedUnetMillis(group.getValue(), group.getKey().latentHeight(),
          group.getKey().latentWidth());
      if (millis.isEmpty()) {
        return millis;
      }
      total += millis.getAsDouble();
    }
    return OptionalDouble.of(total);
  }

  /** The group a queued job joins: a preempted job's samples know their current timestep. */
  private GroupKey keyOf(ActiveJob job) {
    return job.samples.isEmpty() ? GroupKey.of(job, this) : keyOf(job.samples.get(0));
  }

  private GroupKey keyOf(Sample sample) {
    return GroupKey.of(sample, model.scalarTimestep(), model.prompts().hiddenWidth());
  }

  /** Makes room for {@code blocked} by preempting lower-priority running jobs; returns whether it now fits. */
  private boolean preempt(ActiveJob blocked, Map<GroupKey, Integer> rows) {
    GroupKey key = keyOf(blocked);
    int needed = blocked.job.rows(guided(blocked));
    Integer taken = rows.get(key);
    if (taken == null || needed > maxRowsPerCall) {
      return false;
    }
    List<ActiveJob> candidates = new ArrayList<>();
    List<Integer> candidateRows = new ArrayList<>();
    for (ActiveJob job : running.values()) {
      Sample first = job.samples.get(0);
      if (!first.done() && keyOf(first).equals(key)) {
        candidates.add(job);
        candidateRows.add(job.job.rows(guided(job)));
      }
    }
    List<ActiveJob> victims = preemption.victims(blocked, needed, maxRowsPerCall - taken, candidates, candidateRows);
    for (ActiveJob victim : victims) {
      displace(victim, blocked.job.priority());
    }
    return !victims.isEmpty();
  }

  private boolean guided(ActiveJob job) {
    return !model.embedsGuidance() && job.job.request().guidanceScale() > 1.0;
  }

  private Map<GroupKey, Integer> groupRows() {
    Map<GroupKey, Integer> rows = new HashMap<>();
    for (Sample s : batch.samples()) {
      rows.merge(keyOf(s), s.conditioning().rowsPerSample(), Integer::sum);
    }
    return rows;
  }

  /**
   * Starts the jobs joining at this step, their prompts encoded together unless configured otherwise. With batched
   * text encoding, the prompts of queued jobs are encoded in the same call, up to a full U-Net call's rows: under
   * step admission jobs mostly join one at a time (one leaves, one joins), and a text-encoder call of one prompt
   * costs nearly what a call of sixteen does (only for encoders that make one call: one-by-one encoding, as the
   * ONNX encoder does, would only delay the joining jobs). Jobs prepared ahead join later with their samples.
   */
  private void startAll(List<ActiveJob> all, boolean encodeAhead) {
    List<ActiveJob> joining = new ArrayList<>();
    for (ActiveJob job : all) {
      if (!job.samples.isEmpty()) {
        resume(job);
      } else if (job.ahead != null) {
        DiffusionModel.Prepared p = job.ahead;
        job.ahead = null;
        start(job, () -> samplesOf(p));
      } else {
        joining.add(job);
      }
    }
    List<ActiveJob> encoded = new ArrayList<>(joining);
    if (scheduling.batchTextEncoding() && encodeAhead && model.prompts().encodesTogether() && !joining.isEmpty()) {
      int rows = 0;
      for (ActiveJob job : joining) {
        rows += job.job.rows(guided(job));
      }
      for (ActiveJob queued : queue) {
        int more = queued.job.rows(guided(queued));
        if (rows + more > maxRowsPerCall) {
          break;
        }
        if (queued.samples.isEmpty() && queued.ahead == null && queued.job.request().loras().isEmpty()) {
          encoded.add(queued);
          rows += more;
        }
      }
    }
    if (encoded.size() > 1 && scheduling.batchTextEncoding()) {
      List<DiffusionModel.Prepared> prepared = model.prepareAll(
          encoded.stream().map(j -> j.job.request()).toList(), encoded);
      for (int i = 0; i < encoded.size(); i++) {
        DiffusionModel.Prepared p = prepared.get(i);
        if (i < joining.size()) {
          start(encoded.get(i), () -> samplesOf(p));
        } else {
          encoded.get(i).ahead = p;
        }
      }
    } else {
      joining.forEach(job -> start(job, () -> model.prepare(job.job.request(), job)));
    }
  }

  private static List<Sample> samplesOf(DiffusionModel.Prepared prepared) {
    if (prepared.failure() != null) {
      throw prepared.failure();
    }
    return prepared.samples();
  }

  /** A queued job leaves without running: samples prepared ahead let go of their LoRA variant. */
  private void discardAhead(ActiveJob job) {
    if (job.ahead != null) {
      discard(job.ahead.samples());
      job.ahead = null;
    }
  }

  /** A preempted job rejoins with its samples as they were: same latents, scheduler state, step and noise. */
  private void resume(ActiveJob job) {
    job.samples.forEach(batch::add);
    running.put(job.id(), job);
  }

  /**
   * Fails a job that could not be made ready to join: an {@link IllegalArgumentException} means the request does
   * not fit the model (unsupported, never retried), anything else a model failure ({@code what} the model did).
   */
  private void failPreparation(ActiveJob job, RuntimeException e, String what) {
    if (e instanceof IllegalArgumentException) {
      job.result.completeExceptionally(JobOutcomeException.failed(Reason.UNSUPPORTED_REQUEST, e.getMessage(), e));
      return;
    }
    LOG.warn("model {} {} for job {}: {}", id, what, job.id(), e.toString(), e);
    job.result.completeExceptionally(JobOutcomeException.failed(Reason.MODEL_ERROR,
        "model " + id + " " + what + ": " + e.getMessage(), e));
  }

  private boolean start(ActiveJob job, Supplier<List<Sample>> prepare) {
    try {
      job.samples.addAll(prepare.get());
    } catch (RuntimeException e) {
      failPreparation(job, e, "failed to encode the prompt");
      return false;
    }
    job.admittedNanos = nanoTime.getAsLong();
    job.samples.forEach(batch::add);
    running.put(job.id(), job);
    listener.started(job.job);
    return true;
  }

  /** Runs one step of the batch, reports progress, and completes the jobs that finished. */
  void step() {
    DenoiseBatch.StepResult result;
    int samples = batch.size();
    try {
      result = batch.step();
    } catch (InferenceException | IllegalStateException e) {
      failAll(e);
      return;
    }
    listener.stepped(new EngineListener.StepStats(id, samples, result.rows(), result.unetCalls(), maxRowsPerCall,
        result.unetNanos(), result.totalNanos()));
    if (!result.failed().isEmpty()) {
      failCulprits(result.failed(), samples);
    }
    for (ActiveJob job : running.values()) {
      int step = job.samples.get(0).step();
      if (step > job.reportedStep) {
        job.reportedStep = step;
        listener.progress(job.job, step, job.samples.get(0).totalSteps());
      }
    }
    List<ActiveJob> done = new ArrayList<>();
    for (Sample s : result.finished()) {
      ActiveJob job = (ActiveJob) s.owner();
      if (running.get(job.id()) != job) {
        continue; // failed in this step through another of its samples
      }
      if (++job.finished == job.samples.size()) {
        done.add(job);
      }
    }
    Instant now = clock.instant();
    decodes.add(done, now);
    List<ActiveJob> due = decodes.due(!batch.isEmpty(), queue.isEmpty() ? null : queue.first().job.priority(),
        topDenoisingPriority(), now);
    if (!due.isEmpty()) {
      decode(due);
    }
  }

  /**
   * Fails the jobs whose samples failed a U-Net call even alone (the batch already isolated them) and takes their
   * other samples out; every other job goes on. When every sample failed, the fault is not in one job's input,
   * so the batch's native buffers are rebuilt too.
   */
  private void failCulprits(Map<Sample, RuntimeException> failed, int samplesInStep) {
    Map<ActiveJob, RuntimeException> culprits = new LinkedHashMap<>();
    failed.forEach((sample, cause) -> culprits.putIfAbsent((ActiveJob) sample.owner(), cause));
    LOG.error("model {}: {} of {} jobs in the batch failed a U-Net call alone; failing only them", id,
        culprits.size(), running.size(), culprits.values().iterator().next());
    culprits.forEach((job, cause) -> {
      running.remove(job.id());
      job.samples.forEach(batch::remove);
      job.result.completeExceptionally(JobOutcomeException.failed(Reason.MODEL_ERROR,
          "model " + id + " failed while denoising this job: " + cause.getMessage(), cause));
    });
    if (failed.size() == samplesInStep) {
      batch.close();
      batch = model.newBatch(Math.max(2, maxRowsPerCall));
    }
  }

  private void decode(List<ActiveJob> done) {
    long started = nanoTime.getAsLong();
    List<Sample> finished = new ArrayList<>();
    done.forEach(job -> finished.addAll(job.samples));
    List<DecodedImage> images;
    try {
      images = model.decode(finished, decodes.maxDecodeBatch());
    } catch (RuntimeException e) {
      if (done.size() > 1) {
        // One job's latents may be what the VAE cannot take: decode each job alone so only it fails.
        done.forEach(job -> decode(List.of(job)));
        return;
      }
      for (ActiveJob job : done) {
        running.remove(job.id());
        job.result.completeExceptionally(JobOutcomeException.failed(Reason.MODEL_ERROR,
            "model " + id + " failed to decode: " + e.getMessage(), e));
      }
      return;
    }
    long decodeNanos = nanoTime.getAsLong() - started;
    Map<ActiveJob, RgbImage[]> byJob = new HashMap<>();
    for (DecodedImage image : images) {
      ActiveJob job = (ActiveJob) image.owner();
      byJob.computeIfAbsent(job, j -> new RgbImage[j.samples.size()])[image.index()] = image.image();
    }
    for (ActiveJob job : done) {
      running.remove(job.id());
      job.result.complete(new JobImages(job.job, List.of(byJob.get(job)), job.admittedNanos - job.job.acceptedNanos(),
          started - job.admittedNanos, decodeNanos));
    }
  }

  private Integer topDenoisingPriority() {
    Integer top = null;
    for (ActiveJob job : running.values()) {
      if (!job.samples.get(0).done() && (top == null || job.job.priority() > top)) {
        top = job.job.priority();
      }
    }
    return top;
  }

  private void failAll(RuntimeException cause) {
    LOG.error("model {} failed a step with {} jobs in the batch; failing them", id, running.size(), cause);
    for (ActiveJob job : running.values()) {
      job.result.completeExceptionally(JobOutcomeException.failed(Reason.MODEL_ERROR,
          "model " + id + " failed while denoising: " + cause.getMessage(), cause));
    }
    running.clear();
    batch.close();
    batch = model.newBatch(Math.max(2, maxRowsPerCall));
  }

  /**
   * Releases queued samples. A lane whose model is not loaded has no batch, and then no queued job holds samples: a
   * model is only evicted with nothing queued.
   */
  private void discard(List<Sample> samples) {
    if (!samples.isEmpty()) {
      samples.forEach(batch::discard);
    }
  }

  /** Completes every queued and running job with {@code outcome}; used when the engine stops. */
  void abandonAll(JobOutcomeException outcome, boolean includeRunning) {
    queue.forEach(job -> job.result.completeExceptionally(outcome));
    queue.forEach(job -> discard(job.samples));
    queue.forEach(this::discardAhead);
    queue.clear();
    if (includeRunning) {
      running.values().forEach(job -> job.result.completeExceptionally(outcome));
      running.values().forEach(job -> job.samples.forEach(batch::remove));
      running.clear();
    }
  }

  /** When the admission policy wants to be asked again although nothing runs (null: no such time). */
  Instant wakeAt() {
    return wakeAt;
  }

  private AdmissionPolicy.LaneView admissionView() {
    if (queue.isEmpty()) {
      return new AdmissionPolicy.LaneView(!batch.isEmpty(), 0, maxRowsPerCall, null);
    }
    GroupKey head = null;
    int headRows = 0;
    Instant oldest = null;
    for (ActiveJob job : queue) {
      try {
        GroupKey key = keyOf(job);
        if (head == null) {
          head = key;
        }
        if (key.equals(head)) {
          headRows += job.job.rows(guided(job));
        }
      } catch (IllegalArgumentException e) {
        // admit() fails the job; it takes no rows.
      }
      if (oldest == null || job.queuedAt.isBefore(oldest)) {
        oldest = job.queuedAt;
      }
    }
    return new AdmissionPolicy.LaneView(!batch.isEmpty(), headRows, maxRowsPerCall, oldest);
  }

  @Override
  public void close() {
    if (batch != null) {
      batch.close();
    }
  }
}
