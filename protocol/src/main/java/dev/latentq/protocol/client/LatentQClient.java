package dev.latentq.protocol.client;

import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.Topics;
import dev.latentq.protocol.control.ControlCodec;
import dev.latentq.protocol.control.ControlMessage;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.InvalidEventException;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.event.UnknownEventTypeException;
import dev.latentq.protocol.job.InvalidJobException;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.protocol.job.JobValidator;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Submits jobs to LatentQ and awaits their outcomes by following the events topic.
 *
 * <p>The client owns an idempotent Kafka producer ({@code acks=all}) and one background thread with a consumer
 * manually assigned to every partition of the events topic (no consumer group). It sees events produced after
 * {@link Builder#build()} returns, or the whole topic with {@link Builder#fromBeginning(boolean)}.
 *
 * <p>Thread-safe. Outcome futures and listeners run on the event thread: keep callbacks short, or use the
 * {@code *Async} methods of {@link CompletableFuture}. Closing fails outstanding futures with an
 * {@link IllegalStateException}.
 */
public final class LatentQClient implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LatentQClient.class.getName());

  private final Topics topics;
  private final Producer<String, byte[]> producer;
  private final EventFollower follower;
  private final OutcomeWaiters waiters;
  private final Duration closeTimeout;
  private final List<Consumer<JobEvent>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final JobValidator validator = new JobValidator();
  private final JobCodec jobCodec = new JobCodec();
  private final EventCodec eventCodec = new EventCodec();
  private final ControlCodec controlCodec = new ControlCodec();

  private LatentQClient(Builder builder, Producer<String, byte[]> producer,
      org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer) {
    this.topics = builder.topics;
    this.producer = producer;
    this.closeTimeout = builder.closeTimeout;
    this.waiters = new OutcomeWaiters(builder.recentOutcomes);
    EventFollower.Settings settings = new EventFollower.Settings(
        topics.events(), builder.fromBeginning, builder.partitionRefreshInterval, builder.pollTimeout);
    this.follower = new EventFollower(consumer, settings, this::onRecord, this::onFollowerFailure);
  }

  /** A builder; set at least {@link Builder#bootstrapServers(String)}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Validates {@code job} and produces it to the jobs topic with its id as key.
   *
   * @return completes when Kafka acknowledged the record; fails with {@link InvalidJobException} listing every
   *     violation if the job breaks the contract
   */
  public CompletableFuture<Void> submit(Job job) {
    try {
      validator.requireValid(job);
    } catch (InvalidJobException e) {
      return CompletableFuture.failedFuture(e);
    }
    return sendJob(job);
  }

  /**
   * The job's outcome: the most recent one this client has seen, or else the next one. The event thread remembers a
   * bounded number of recent outcomes ({@link Builder#recentOutcomes(int)}).
   */
  public CompletableFuture<JobOutcome> awaitOutcome(String jobId) {
    return waiters.awaitLatest(requireJobId(jobId));
  }

  /**
   * Like {@link #awaitOutcome(String)}, failing with a {@link java.util.concurrent.TimeoutException} after {@code timeout}.
   */
  public CompletableFuture<JobOutcome> awaitOutcome(String jobId, Duration timeout) {
    return OutcomeWaiters.withTimeout(awaitOutcome(jobId), jobId, timeout);
  }

  /**
   * Submits {@code job} and awaits the outcome that follows, ignoring outcomes of earlier submissions with the same
   * id. The waiter is registered before the job is produced, so a fast outcome cannot be missed.
   */
  public CompletableFuture<JobOutcome> submitAndAwait(Job job) {
    try {
      validator.requireValid(job);
    } catch (InvalidJobException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<JobOutcome> outcome = waiters.awaitNext(job.id());
    sendJob(job).whenComplete((ignored, error) -> {
      if (error != null) {
        outcome.completeExceptionally(error);
      }
    });
    return outcome;
  }

  /**
   * Like {@link #submitAndAwait(Job)}, failing with a {@link java.util.concurrent.TimeoutException} after {@code timeout}.
   */
  public CompletableFuture<JobOutcome> submitAndAwait(Job job, Duration timeout) {
    return OutcomeWaiters.withTimeout(submitAndAwait(job), job.id(), timeout);
  }

  /**
   * Asks the workers to cancel a queued or running job. The job's outcome is then a canceled event, or whatever it
   * reached first.
   *
   * @return completes when Kafka acknowledged the control message
   */
  public CompletableFuture<Void> cancel(String jobId) {
    ControlMessage cancel = new ControlMessage.Cancel(requireJobId(jobId));
    return send(new ProducerRecord<>(topics.control(), jobId, controlCodec.encode(cancel)));
  }

  /**
   * Calls {@code listener} with every job event the client reads, on the event thread, before outcome futures
   * complete. An exception from a listener is logged and does not stop the others.
   */
  public void addListener(Consumer<JobEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops calling {@code listener}. */
  public void removeListener(Consumer<JobEvent> listener) {
    listeners.remove(listener);
  }

  /** The topics this client uses. */
  public Topics topics() {
    return topics;
  }

  /**
   * Stops the event thread, flushes and closes the producer (each within the close timeout), and fails outstanding
   * outcome futures. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      follower.stop(closeTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producer.close(closeTimeout);
      waiters.closeAll(new IllegalStateException("LatentQClient was closed before the job's outcome arrived"));
    }
  }

  int waiterCount() {
    return waiters.waiterCount();
  }

  private CompletableFuture<Void> sendJob(Job job) {
    return send(new ProducerRecord<>(topics.jobs(), job.id(), jobCodec.encode(job)));
  }

  private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("LatentQClient is closed: build a new one"));
    }
    CompletableFuture<Void> sent = new CompletableFuture<>();
    try {
      producer.send(record, (metadata, error) -> {
        if (error != null) {
          sent.completeExceptionally(error);
        } else {
          sent.complete(null);
        }
      });
    } catch (RuntimeException e) {
      sent.completeExceptionally(e);
    }
    return sent;
  }

  private void onRecord(ConsumerRecord<String, byte[]> record) {
    JobEvent event;
    try {
      event = eventCodec.decode(record);
    } catch (UnknownEventTypeException e) {
      LOG.log(Level.DEBUG, "Skipping event: {0}", e.getMessage());
      return;
    } catch (InvalidEventException e) {
      LOG.log(Level.WARNING, "Skipping unreadable event: {0}", e.getMessage());
      return;
    }
    for (Consumer<JobEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, () -> "Event listener " + listener + " failed on event " + event.eventId(), e);
      }
    }
    JobOutcome.of(event).ifPresent(waiters::complete);
  }

  private void onFollowerFailure(RuntimeException e) {
    LOG.log(Level.ERROR, "Following the events topic failed; outcome futures fail and the client must be rebuilt", e);
    waiters.closeAll(new IllegalStateException(
        "LatentQClient stopped following topic '" + topics.events() + "': " + e.getMessage(), e));
  }

  private static String requireJobId(String jobId) {
    return JobValidator.validId(jobId).orElseThrow(() -> new IllegalArgumentException(
        "not a valid job id: it " + NamingRules.ID_EXPECTATION));
  }

  /** Configures a {@link LatentQClient}. Not thread-safe. */
  public static final class Builder {
    private String bootstrapServers;
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    private Topics topics = Topics.DEFAULTS;
    private boolean fromBeginning;
    private Duration partitionRefreshInterval = Duration.ofSeconds(30);
    private Duration pollTimeout = Duration.ofMillis(500);
    private Duration closeTimeout = Duration.ofSeconds(30);
    private int recentOutcomes = 10_000;
    private Producer<String, byte[]> producer;
    private org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;

    private Builder() {
    }

    /** Kafka's {@code bootstrap.servers}, e.g. {@code localhost:9092}. */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      return this;
    }

    /**
     * A Kafka client property for both the producer and the consumer, e.g. SASL or TLS settings. Serializers,
     * {@code acks}, idempotence, {@code group.id} and auto-commit are fixed by the client and ignored here.
     */
    public Builder kafkaProperty(String name, Object value) {
      kafkaProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Several {@link #kafkaProperty(String, Object)}s at once. */
    public Builder kafkaProperties(Map<String, ?> properties) {
      properties.forEach(this::kafkaProperty);
      return this;
    }

    /** The topics; default {@link Topics#DEFAULTS}. */
    public Builder topics(Topics topics) {
      this.topics = Objects.requireNonNull(topics, "topics");
      return this;
    }

    /** Read the events topic from the beginning instead of from its end at build time; default false. */
    public Builder fromBeginning(boolean fromBeginning) {
      this.fromBeginning = fromBeginning;
      return this;
    }

    /** How often to look for new partitions of the events topic; default 30 s. */
    public Builder partitionRefreshInterval(Duration interval) {
      this.partitionRefreshInterval = requirePositive(interval, "partitionRefreshInterval");
      return this;
    }

    /** How long {@link LatentQClient#close()} waits for the event thread and for the producer each; default 30 s. */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = requirePositive(timeout, "closeTimeout");
      return this;
    }

    /** How many recent outcomes {@link LatentQClient#awaitOutcome(String)} remembers; default 10,000. */
    public Builder recentOutcomes(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("recentOutcomes is " + count + ": use 0 or more");
      }
      this.recentOutcomes = count;
      return this;
    }

    /** Uses these Kafka clients instead of creating them, e.g. {@code MockProducer} and {@code MockConsumer}. */
    Builder kafkaClients(Producer<String, byte[]> producer,
        org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer) {
      this.producer = producer;
      this.consumer = consumer;
      return this;
    }

    Builder pollTimeout(Duration pollTimeout) {
      this.pollTimeout = requirePositive(pollTimeout, "pollTimeout");
      return this;
    }

    /**
     * Creates the Kafka clients, resolves the events topic's end offsets (this needs the brokers) and starts the
     * event thread.
     */
    public LatentQClient build() {
      Producer<String, byte[]> newProducer = producer != null ? producer : createProducer();
      org.apache.kafka.clients.consumer.Consumer<String, byte[]> newConsumer = null;
      try {
        newConsumer = consumer != null ? consumer : createConsumer();
        LatentQClient client = new LatentQClient(this, newProducer, newConsumer);
        client.follower.start();
        return client;
      } catch (RuntimeException e) {
        newProducer.close(Duration.ZERO);
        if (newConsumer != null) {
          newConsumer.close();
        }
        throw e;
      }
    }

    private Producer<String, byte[]> createProducer() {
      Map<String, Object> config = baseConfig();
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private org.apache.kafka.clients.consumer.Consumer<String, byte[]> createConsumer() {
      Map<String, Object> config = baseConfig();
      config.remove(ConsumerConfig.GROUP_ID_CONFIG);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      // Looking up the events topic must not create it with broker defaults; the workers' deployment owns it.
      config.putIfAbsent(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
      return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> baseConfig() {
      if (bootstrapServers == null) {
        throw new IllegalStateException(
            "bootstrapServers is not set: call LatentQClient.builder().bootstrapServers(\"host:9092\")");
      }
      Map<String, Object> config = new HashMap<>(kafkaProperties);
      config.put("bootstrap.servers", bootstrapServers);
      return config;
    }

    private static Duration requirePositive(Duration duration, String name) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, got " + duration);
      }
      return duration;
    }
  }
}
