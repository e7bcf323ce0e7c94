package dev.latentq.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an S3Proxy server with the filesystem backend.
 *
 * @param dataDir holds the buckets ({@code blobs/}), {@code s3proxy.properties}, {@code s3proxy.log}, the pid file
 * @param port HTTP port; 0 picks a free one at first start (kept across restarts)
 * @param accessKey SigV4 access key id
 * @param secretKey SigV4 secret key
 * @param jvm child JVM tuning
 * @param startupTimeout how long {@link S3Server#start()} waits for HTTP answers
 * @param stopTimeout how long {@link S3Server#stop()} waits after SIGTERM before SIGKILL
 * @param stopOnJvmExit stop the server from a shutdown hook when this JVM exits; turn off only when the caller
 *     stops it itself at the right moment
 */
public record S3ServerConfig(Path dataDir, int port, String accessKey, String secretKey, JvmSettings jvm,
    Duration startupTimeout, Duration stopTimeout, boolean stopOnJvmExit) {

  public static final String DEFAULT_ACCESS_KEY = "latentq";
  public static final String DEFAULT_SECRET_KEY = "latentq-secret-key";

  public S3ServerConfig {
    dataDir = dataDir.toAbsolutePath().normalize();
    KafkaBrokerConfig.checkPort(port, "port");
    requireText(accessKey, "accessKey");
    requireText(secretKey, "secretKey");
    Objects.requireNonNull(jvm, "jvm");
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(name + " must be non-empty without whitespace, got '" + value + "'");
    }
  }

  /** Builds an {@link S3ServerConfig} with dev/test defaults: free port, the default credentials. */
  public static final class Builder extends ChildServerSettings<Builder> {
    private String accessKey = DEFAULT_ACCESS_KEY;
    private String secretKey = DEFAULT_SECRET_KEY;

    private Builder(Path dataDir) {
      super(dataDir, JvmSettings.withHeap("256m"), Duration.ofSeconds(60), Duration.ofSeconds(15));
    }

    public Builder credentials(String access, String secret) {
      accessKey = access;
      secretKey = secret;
      return this;
    }

    public S3ServerConfig build() {
      return new S3ServerConfig(dataDir, port, accessKey, secretKey, jvm, startupTimeout, stopTimeout,
          stopOnJvmExit);
    }
  }
}
