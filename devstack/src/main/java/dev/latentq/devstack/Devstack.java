package dev.latentq.devstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A Kafka broker and an S3 server under one base directory ({@code kafka/} and {@code s3/}), started in parallel.
 * Used by the worker's {@code dev} command, integration tests and fault tests. Thread-safe.
 */
public final class Devstack implements AutoCloseable {

  private final Path baseDir;
  private final KafkaBroker kafka;
  private final S3Server s3;
  private final Map<String, Integer> topics;

  private Devstack(Builder builder) {
    this.baseDir = builder.baseDir;
    KafkaBrokerConfig.Builder kafkaConfig = KafkaBrokerConfig.builder(baseDir.resolve("kafka"));
    builder.kafkaSettings.accept(kafkaConfig);
    S3ServerConfig.Builder s3Config = S3ServerConfig.builder(baseDir.resolve("s3"));
    builder.s3Settings.accept(s3Config);
    DevstackLib lib = builder.lib != null ? builder.lib : DevstackLib.locate();
    this.kafka = new KafkaBroker(kafkaConfig.build(), lib);
    this.s3 = new S3Server(s3Config.build(), lib);
    this.topics = Map.copyOf(builder.topics);
  }

  public static Builder builder(Path baseDir) {
    return new Builder(baseDir);
  }

  /** Starts both servers in parallel, then creates the configured topics. Stops both if either fails. */
  public Devstack start() {
    try (ExecutorService executor = Executors.newFixedThreadPool(2)) {
      CompletableFuture<KafkaBroker> kafkaStart = CompletableFuture.supplyAsync(kafka::start, executor);
      CompletableFuture<S3Server> s3Start = CompletableFuture.supplyAsync(s3::start, executor);
      RuntimeException failure = null;
      for (CompletableFuture<?> start : new CompletableFuture<?>[] {kafkaStart, s3Start}) {
        try {
          start.join();
        } catch (CompletionException e) {
          RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        }
      }
      if (failure != null) {
        close();
        throw failure;
      }
    }
    try {
      kafka.createTopics(topics);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public S3Server s3() {
    return s3;
  }

  public Path baseDir() {
    return baseDir;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String s3Endpoint() {
    return s3.endpoint();
  }

  public String s3AccessKey() {
    return s3.accessKey();
  }

  public String s3SecretKey() {
    return s3.secretKey();
  }

  /** Stops both servers (in parallel: each graceful stop takes 1-2 s). */
  @Override
  public void close() {
    CompletableFuture<Void> kafkaStop = CompletableFuture.runAsync(kafka::stop);
    RuntimeException s3Failure = null;
    try {
      s3.stop();
    } catch (RuntimeException e) {
      s3Failure = e;
    }
    try {
      kafkaStop.join();
    } catch (CompletionException e) {
      RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
      if (s3Failure != null) {
        cause.addSuppressed(s3Failure);
      }
      throw cause;
    }
    if (s3Failure != null) {
      throw s3Failure;
    }
  }

  /** Configures a {@link Devstack}: ports, credentials, topics, and any broker or S3 setting. */
  public static final class Builder {
    private final Path baseDir;
    private final Map<String, Integer> topics = new LinkedHashMap<>();
    private Consumer<KafkaBrokerConfig.Builder> kafkaSettings = b -> { };
    private Consumer<S3ServerConfig.Builder> s3Settings = b -> { };
    private DevstackLib lib;

    private Builder(Path baseDir) {
      this.baseDir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath().normalize();
    }

    public Builder kafkaPort(int port) {
      return kafka(b -> b.port(port));
    }

    public Builder kafkaControllerPort(int port) {
      return kafka(b -> b.controllerPort(port));
    }

    public Builder s3Port(int port) {
      return s3(b -> b.port(port));
    }

    public Builder s3Credentials(String accessKey, String secretKey) {
      return s3(b -> b.credentials(accessKey, secretKey));
    }

    /** A topic created (if missing) once the broker is up. */
    public Builder topic(String name, int partitions) {
      topics.put(name, partitions);
      return this;
    }

    public Builder topics(Map<String, Integer> partitionsByName) {
      topics.putAll(partitionsByName);
      return this;
    }

    /**
     * Whether shutdown hooks stop both servers when this JVM exits (default true). Hooks run concurrently, so a
     * caller that must finish using the servers during shutdown (a draining worker) turns this off and calls
     * {@link Devstack#close()} from its own hook once done; pid files still catch leftovers at the next start.
     */
    public Builder stopOnJvmExit(boolean value) {
      return kafka(b -> b.stopOnJvmExit(value)).s3(b -> b.stopOnJvmExit(value));
    }

    /** Any further broker setting; applied after the ones above, in call order. */
    public Builder kafka(Consumer<KafkaBrokerConfig.Builder> settings) {
      kafkaSettings = kafkaSettings.andThen(settings);
      return this;
    }

    /** Any further S3 server setting; applied after the ones above, in call order. */
    public Builder s3(Consumer<S3ServerConfig.Builder> settings) {
      s3Settings = s3Settings.andThen(settings);
      return this;
    }

    /** The jars to run; by default {@link DevstackLib#locate()}. */
    public Builder lib(DevstackLib value) {
      lib = value;
      return this;
    }

    /** The configured devstack, not started yet. */
    public Devstack build() {
      return new Devstack(this);
    }

    public Devstack start() {
      return build().start();
    }
  }
}
