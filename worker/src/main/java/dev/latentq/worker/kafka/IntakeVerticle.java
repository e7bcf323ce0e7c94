package dev.latentq.worker.kafka;

import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.config.WorkerConfig.KafkaSettings;
import dev.latentq.worker.events.DeadLetterPublisher;
import dev.latentq.worker.jobs.Admission;
import dev.latentq.worker.jobs.Disposition;
import dev.latentq.worker.jobs.FailurePolicy;
import dev.latentq.worker.jobs.JobAdmission;
import dev.latentq.worker.jobs.JobPipeline;
import dev.latentq.worker.jobs.JobResolver;
import dev.latentq.worker.jobs.ResolvedJob;
import dev.latentq.worker.metrics.WorkerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job intake: consumes the jobs topic in the worker group, decodes and checks each record, runs valid jobs
 * through the {@link JobPipeline}, and routes bad records to the dead-letter topic with a failed event.
 *
 * <p>Delivery is at least once: offsets are committed manually, only up to the contiguous prefix of records whose
 * job reached an acknowledged terminal event ({@link OffsetTracker}). When the jobs held locally reach the limit
 * the assigned partitions are paused, and resumed at half ({@link PartitionFlowControl}); the consumer keeps
 * polling, so the group never evicts a busy worker. On revocation the partition's queued jobs are abandoned
 * (its next owner redoes them) and its offsets are no longer committed here. A record whose job id is already
 * in flight on this worker shares that job's outcome when it is the same job (same {@link
 * dev.latentq.worker.jobs.JobFingerprint}), and fails with {@code id_conflict} when it is another job.
 *
 * <p>A record's key must be its job's id: keys choose partitions, and only one partition per id keeps one id on
 * one worker at a time. A record keyed otherwise (or not at all) is dead-lettered without a failed event, since its
 * id cannot be trusted to name the submitter's job.
 */
public final class IntakeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeVerticle.class);

  private final KafkaSettings kafka;
  private final String workerId;
  private final BatchEngine engine;
  private final DeadLetterPublisher deadLetters;
  private final WorkerMetrics metrics;
  private final Function<Context, JobPipeline> pipelines;
  private final Function<Vertx, KafkaConsumer<String, byte[]>> consumers;
  private final JobAdmission admission;
  private final OffsetTracker offsets = new OffsetTracker();
  private final PartitionFlowControl flow;
  private final Map<String, InFlight> byId = new HashMap<>();
  private final Map<TopicPartition, Set<String>> byPartition = new HashMap<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private JobPipeline pipeline;
  private KafkaConsumer<String, byte[]> consumer;
  private long commitTimer = -1;
  // Written on this verticle's event loop only; volatile so metrics and health checks may read them.
  private volatile int held;
  private volatile int assigned;
  private boolean draining;
  // Set once by the consumer's exception handler when consumption has ended for good; read by liveness.
  private volatile String endedBecause;

  /** A job running here: as received with its fingerprint, and its outcome. */
  private record InFlight(Admission.Held held, Future<Disposition> outcome) {}

  /**
   * @param maxHeldJobs jobs this worker holds (queued, running or storing) before it pauses its partitions
   * @param pipelines builds the job pipeline on this verticle's context
   */
  public IntakeVerticle(KafkaSettings kafka, String workerId, int maxHeldJobs, JobResolver resolver,
      BatchEngine engine, DeadLetterPublisher deadLetters, WorkerMetrics metrics,
      Function<Context, JobPipeline> pipelines) {
    this(kafka, workerId, maxHeldJobs, resolver, engine, deadLetters, metrics, pipelines,
        vertx -> KafkaConsumer.create(vertx, KafkaConsumers.jobsConsumer(kafka, workerId)));
  }

  /**
   * An intake on a given jobs consumer, e.g. {@code KafkaConsumer.create(vertx, mockConsumer)} in tests.
   *
   * @param consumers creates the jobs consumer on this verticle's Vert.x instance when the verticle starts
   */
  public IntakeVerticle(KafkaSettings kafka, String workerId, int maxHeldJobs, JobResolver resolver,
      BatchEngine engine, DeadLetterPublisher deadLetters, WorkerMetrics metrics,
      Function<Context, JobPipeline> pipelines, Function<Vertx, KafkaConsumer<String, byte[]>> consumers) {
    this.consumers = consumers;
    this.admission = new JobAdmission(resolver, FailurePolicy.DEFAULT);
    this.kafka = kafka;
    this.workerId = workerId;
    this.engine = engine;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.pipelines = pipelines;
    this.flow = new PartitionFlowControl(maxHeldJobs);
  }

  @Override
  public Future<?> start() {
    pipeline = pipelines.apply(context);
    pipeline.onStoringChanged(this::applyFlow);
    consumer = consumers.apply(vertx);
    consumer.partitionsAssignedHandler(this::assigned);
    consumer.partitionsRevokedHandler(this::revoked);
    consumer.exceptionHandler(this::consumerFailed);
    consumer.handler(this::onRecord);
    // Called with each poll's records before they are handed to onRecord one by one.
    consumer.batchHandler(batch -> {
      ConsumerRecords<String, byte[]> records = batch.records();
      for (org.apache.kafka.common.TopicPartition tp : records.partitions()) {
        offsets.fetched(new TopicPartition(tp.topic(), tp.partition()), records.records(tp).getLast().offset());
      }
    });
    commitTimer = vertx.setPeriodic(kafka.commitInterval().toMillis(), id -> commit());
    return consumer.subscribe(kafka.topics().jobs())
        .onSuccess(v -> LOG.info("consuming {} as {} in group {}", kafka.topics().jobs(), workerId, kafka.groupId()));
  }

  /** Jobs held by this worker: received and not yet through their terminal event. Any thread. */
  public int held() {
    return held;
  }

  /**
   * Why this worker can no longer consume jobs (e.g. fenced by another worker with its id), or empty while it can.
   * Liveness reports the worker dead then, so that its orchestrator replaces it. Any thread.
   */
  public Optional<String> consumptionEnded() {
    return Optional.ofNullable(endedBecause);
  }

  private void consumerFailed(Throwable error) {
    Optional<String> fatal = ConsumerFailures.fatal(error, workerId, kafka.groupId());
    if (fatal.isEmpty()) {
      LOG.warn("jobs consumer error: {}", error.toString(), error);
    } else if (endedBecause == null) {
      endedBecause = fatal.get();
      LOG.error("the jobs consumer cannot go on: {}", endedBecause, error);
    }
  }

  /** Partitions currently assigned to this worker. Any thread. */
  public int assignedPartitions() {
    return assigned;
  }

  /**
   * Stops taking new records (the partitions are paused; held jobs go on) and commits what finished. Any thread:
   * the work runs on this verticle's context, so it cannot race a resume.
   */
  public Future<Void> stopIntake() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> {
      draining = true;
      pauseAll().compose(p -> commit()).onComplete(stopped);
    });
    return stopped.future();
  }

  /** Completes when no job is held (at once if none is). Any thread; completes on this verticle's context. */
  public Future<Void> whenIdle() {
    Promise<Void> idle = Promise.promise();
    context.runOnContext(v -> {
      if (held == 0) {
        idle.complete();
      } else {
        idleWaiters.add(idle);
      }
    });
    return idle.future();
  }

  private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    if (!offsets.track(partition, record.offset())) {
      return;
    }
    held++;
    applyFlow();
    Future<Disposition> handled;
    try {
      handled = handle(record, partition);
    } catch (RuntimeException e) {
      // A record that trips a bug must not stall the partition: dead-letter it with the cause.
      LOG.error("unexpected failure on {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
      handled = reject(record, new Admission.Reject(FailureCode.INTERNAL_ERROR, "the worker could not process this"
          + " record (" + e + ")", Optional.empty(), null, null, FailurePolicy.DEFAULT.onUnexpected(), e));
    }
    onContext(handled).onComplete(outcome -> {
      held--;
      if (outcome.succeeded() && outcome.result() == Disposition.FINISHED) {
        offsets.done(partition, record.offset());
      } else if (outcome.failed()) {
        // The terminal event could not be published: leave the offset uncommitted so the job is redone.
        LOG.error("job at {}-{}@{} has no acknowledged terminal event; it will be redelivered", record.topic(),
            record.partition(), record.offset(), outcome.cause());
      }
      applyFlow();
      if (held == 0 && !idleWaiters.isEmpty()) {
        List<Promise<Void>> waiting = List.copyOf(idleWaiters);
        idleWaiters.clear();
        waiting.forEach(Promise::complete);
      }
    });
  }

  private Future<Disposition> handle(KafkaConsumerRecord<String, byte[]> record, TopicPartition partition) {
    Admission admitted = admission.admit(record.key(), record.value(), RecordTime.of(record.timestamp()),
        id -> byId.containsKey(id) ? byId.get(id).held() : null, System.nanoTime());
    return switch (admitted) {
      case Admission.Run run -> run(run.job(), partition);
      case Admission.Reject rejected -> reject(record, rejected);
      case Admission.Duplicate duplicate -> {
        LOG.info("job {} delivered again while in flight here; sharing its outcome", duplicate.jobId());
        yield byId.get(duplicate.jobId()).outcome();
      }
    };
  }

  private Future<Disposition> run(ResolvedJob resolved, TopicPartition partition) {
    String id = resolved.job().id();
    Future<Disposition> outcome = onContext(pipeline.run(resolved));
    byId.put(id, new InFlight(new Admission.Held(resolved.job(), resolved.fingerprint()), outcome));
    byPartition.computeIfAbsent(partition, p -> new HashSet<>()).add(id);
    return outcome.andThen(done -> {
      byId.remove(id);
      Set<String> ids = byPartition.get(partition);
      if (ids != null) {
        ids.remove(id);
      }
    });
  }

  /** Settles a record that will not run the way the failure policy says. */
  private Future<Disposition> reject(KafkaConsumerRecord<String, byte[]> record, Admission.Reject rejected) {
    FailureCode code = rejected.code();
    LOG.info("rejecting {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), code.wireName(),
        rejected.message());
    boolean deadLetter = rejected.strategy() == FailurePolicy.Strategy.DEAD_LETTER;
    Future<Void> dead = deadLetter ? deadLetters.deadLetter(record, code, rejected.message(), rejected.cause())
        : Future.succeededFuture();
    if (deadLetter) {
      metrics.jobDeadLettered(code);
    }
    Future<Void> failed = rejected.jobId()
        .map(id -> pipeline.publishFailure(id, rejected.model(), rejected.metadata(), code, rejected.message()))
        .orElse(Future.succeededFuture());
    return Future.all(dead, failed).map(Disposition.FINISHED);
  }

  /**
   * The same outcome, completing on this verticle's context: pipeline futures complete wherever their last stage
   * ran (the producer's or the S3 pool's thread), while this verticle's bookkeeping is event-loop-only.
   */
  private <T> Future<T> onContext(Future<T> future) {
    return Future.fromCompletionStage(future.toCompletionStage(), context);
  }

  private void assigned(Set<TopicPartition> partitions) {
    partitions.forEach(p -> {
      offsets.assigned(p);
      byPartition.putIfAbsent(p, new HashSet<>());
    });
    assigned = byPartition.size();
    LOG.info("assigned {}", partitions);
    if (flow.paused() || draining) {
      consumer.pause(partitions);
    }
  }

  private void revoked(Set<TopicPartition> partitions) {
    LOG.info("revoked {}", partitions);
    for (TopicPartition p : partitions) {
      offsets.revoked(p);
      Set<String> ids = byPartition.remove(p);
      if (ids != null) {
        ids.forEach(id -> engine.cancel(id, "partition " + p.getTopic() + "-" + p.getPartition()
            + " moved to another worker", true));
      }
    }
    assigned = byPartition.size();
  }

  private void applyFlow() {
    if (draining) {
      return;
    }
    switch (flow.update(IntakeBudget.counted(held, pipeline.storing(), flow.limit()))) {
      case PAUSE -> {
        LOG.info("pausing intake: {} jobs held", held);
        pauseAll();
      }
      case RESUME -> {
        LOG.info("resuming intake: {} jobs held", held);
        consumer.assignment().compose(consumer::resume)
            .onFailure(e -> LOG.warn("could not resume partitions: {}", e.toString(), e));
      }
      case NONE -> { }
    }
  }

  private Future<Void> pauseAll() {
    return consumer.assignment().compose(consumer::pause)
        .onFailure(e -> LOG.warn("could not pause partitions: {}", e.toString(), e));
  }

  /**
   * Commits what finished; idle partitions first learn the consumer's position, which may be past transaction
   * markers and aborted records that intake never sees.
   */
  private Future<Void> commit() {
    List<Future<Void>> positions = new ArrayList<>();
    for (TopicPartition partition : offsets.idle()) {
      positions.add(consumer.position(partition).<Void>map(position -> {
        offsets.idleAt(partition, position);
        return null;
      }).recover(e -> Future.succeededFuture())); // e.g. revoked meanwhile: commit what is known
    }
    return Future.all(positions).recover(e -> Future.succeededFuture()).compose(v -> commitTracked());
  }

  private Future<Void> commitTracked() {
    var commit = offsets.takeCommittable();
    if (commit.isEmpty()) {
      return Future.succeededFuture();
    }
    return consumer.commit(commit).<Void>mapEmpty().onFailure(e -> {
      offsets.commitFailed(commit);
      LOG.warn("offset commit failed (will retry): {}", e.toString(), e);
    }).recover(e -> Future.succeededFuture());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(commitTimer);
    return commit().eventually(() -> consumer.close());
  }
}
