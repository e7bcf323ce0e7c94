package dev.latentq.engine.batching;

import dev.latentq.engine.batching.JobOutcomeException.Reason;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.model.InferenceException;
import dev.latentq.engine.pipeline.DecodedImage;
import dev.latentq.engine.pipeline.DenoiseBatch;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's queue and running batch. Jobs join the batch at step boundaries, oldest first within a priority,
 * while their group (latent size, and timestep for scalar-timestep U-Nets) has room for their rows; finished
 * jobs leave at once to be decoded. A job that does not fit reserves its group, so smaller jobs behind it cannot
 * starve it. Engine thread only.
 */
final class ModelLane implements AutoCloseable {
  /** Distinct groups (latent sizes or timesteps) running at once: each costs its own U-Net call per step. */
  static final int MAX_GROUPS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ModelLane.class);

  private final String id;
  private final DiffusionModel model;
  private final int maxRowsPerCall;
  private final EngineListener listener;
  private final TreeSet<ActiveJob> queue = new TreeSet<>(ActiveJob.ORDER);
  private final Map<String, ActiveJob> running = new LinkedHashMap<>();
  private DenoiseBatch batch;

  ModelLane(String id, DiffusionModel model, int maxRowsPerCall, EngineListener listener) {
    this.id = id;
    this.model = model;
    this.maxRowsPerCall = maxRowsPerCall;
    this.listener = listener;
    this.batch = model.newBatch(Math.max(2, maxRowsPerCall));
  }

  DiffusionModel model() {
    return model;
  }

  void enqueue(ActiveJob job) {
    queue.add(job);
  }

  int queued() {
    return queue.size();
  }

  int runningJobs() {
    return running.size();
  }

  int runningSamples() {
    return batch.size();
  }

  boolean hasWork() {
    return !batch.isEmpty();
  }

  /** Removes a queued or running job; returns it, or null when this lane does not hold it. */
  ActiveJob remove(String jobId) {
    ActiveJob job = running.remove(jobId);
    if (job != null) {
      job.samples.forEach(batch::remove);
      return job;
    }
    for (Iterator<ActiveJob> it = queue.iterator(); it.hasNext(); ) {
      ActiveJob queued = it.next();
      if (queued.id().equals(jobId)) {
        it.remove();
        return queued;
      }
    }
    return null;
  }

  /** Queued jobs whose deadline has passed leave the queue and fail without running. */
  void expireDeadlines(Instant now) {
    for (Iterator<ActiveJob> it = queue.iterator(); it.hasNext(); ) {
      ActiveJob queued = it.next();
      if (queued.job.deadline() != null && !now.isBefore(queued.job.deadline())) {
        it.remove();
        queued.result.completeExceptionally(JobOutcomeException.failed(Reason.DEADLINE_EXCEEDED,
            "deadline " + queued.job.deadline() + " passed before the job could start; resubmit with a later"
                + " deadline or when the queue is shorter", null));
      }
    }
  }

  /** Moves queued jobs into the batch while they fit. */
  void admit() {
    Map<GroupKey, Integer> rows = groupRows();
    Set<GroupKey> reserved = new HashSet<>();
    for (Iterator<ActiveJob> it = queue.iterator(); it.hasNext(); ) {
      ActiveJob job = it.next();
      GroupKey key;
      try {
        key = GroupKey.of(job, this);
      } catch (IllegalArgumentException e) {
        it.remove();
        job.result.completeExceptionally(JobOutcomeException.failed(Reason.UNSUPPORTED_REQUEST,
            e.getMessage(), e));
        continue;
      }
      if (reserved.contains(key)) {
        continue;
      }
      int needed = job.job.rows(guided(job));
      Integer taken = rows.get(key);
      boolean fits = taken == null
          ? rows.size() < MAX_GROUPS && (needed <= maxRowsPerCall || rows.isEmpty())
          : taken + needed <= maxRowsPerCall;
      if (!fits) {
        reserved.add(key);
        continue;
      }
      it.remove();
      if (start(job)) {
        rows.merge(key, needed, Integer::sum);
      }
    }
  }

  private boolean guided(ActiveJob job) {
    return !model.embedsGuidance() && job.job.request().guidanceScale() > 1.0;
  }

  private Map<GroupKey, Integer> groupRows() {
    Map<GroupKey, Integer> rows = new HashMap<>();
    for (Sample s : batch.samples()) {
      rows.merge(GroupKey.of(s, model.scalarTimestep()), s.conditioning().rowsPerSample(), Integer::sum);
    }
    return rows;
  }

  private boolean start(ActiveJob job) {
    try {
      job.samples.addAll(model.prepare(job.job.request(), job));
    } catch (IllegalArgumentException e) {
      job.result.completeExceptionally(JobOutcomeException.failed(Reason.UNSUPPORTED_REQUEST, e.getMessage(), e));
      return false;
    } catch (RuntimeException e) {
      LOG.warn("model {} could not prepare job {}: {}", id, job.id(), e.toString());
      job.result.completeExceptionally(JobOutcomeException.failed(Reason.MODEL_ERROR,
          "model " + id + " failed to encode the prompt: " + e.getMessage(), e));
      return false;
    }
    job.admittedNanos = System.nanoTime();
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
    if (!done.isEmpty()) {
      decode(done);
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
    long started = System.nanoTime();
    List<Sample> finished = new ArrayList<>();
    done.forEach(job -> finished.addAll(job.samples));
    List<DecodedImage> images;
    try {
      images = model.decode(finished);
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
    long decodeNanos = System.nanoTime() - started;
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

  /** Completes every queued and running job with {@code outcome}; used when the engine stops. */
  void abandonAll(JobOutcomeException outcome, boolean includeRunning) {
    queue.forEach(job -> job.result.completeExceptionally(outcome));
    queue.clear();
    if (includeRunning) {
      running.values().forEach(job -> job.result.completeExceptionally(outcome));
      running.values().forEach(job -> job.samples.forEach(batch::remove));
      running.clear();
    }
  }

  @Override
  public void close() {
    batch.close();
  }
}
