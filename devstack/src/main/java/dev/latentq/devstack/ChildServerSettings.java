package dev.latentq.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The builder settings every child server shares: where it keeps its files, its port, how its JVM runs and how long
 * starting and stopping may take. {@link KafkaBrokerConfig.Builder} and {@link S3ServerConfig.Builder} add their own.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
public abstract class ChildServerSettings<B extends ChildServerSettings<B>> {
  final Path dataDir;
  int port;
  JvmSettings jvm;
  Duration startupTimeout;
  Duration stopTimeout;
  boolean stopOnJvmExit = true;

  ChildServerSettings(Path dataDir, JvmSettings jvm, Duration startupTimeout, Duration stopTimeout) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.jvm = jvm;
    this.startupTimeout = startupTimeout;
    this.stopTimeout = stopTimeout;
  }

  /** The port clients use; 0 (default) picks a free one at first start and keeps it across restarts. */
  public B port(int value) {
    port = value;
    return self();
  }

  public B jvm(JvmSettings value) {
    jvm = value;
    return self();
  }

  public B startupTimeout(Duration value) {
    startupTimeout = value;
    return self();
  }

  public B stopTimeout(Duration value) {
    stopTimeout = value;
    return self();
  }

  /** Whether a shutdown hook stops the server when this JVM exits (default true). */
  public B stopOnJvmExit(boolean value) {
    stopOnJvmExit = value;
    return self();
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
