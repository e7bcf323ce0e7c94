package dev.latentq.devstack;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * An S3-compatible server (S3Proxy, filesystem backend, SigV4 auth) running as a child JVM on 127.0.0.1. Buckets
 * live under the data directory and survive restarts; port and credentials stay the same. Thread-safe.
 */
public final class S3Server extends ChildServer<S3Server> {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final String ENDPOINT_KEY = "s3proxy.endpoint";

  private final S3ServerConfig config;
  private final DevstackLib lib;
  private int port;

  /** A server using the lib directory found by {@link DevstackLib#locate()}. Nothing starts yet. */
  public S3Server(S3ServerConfig config) {
    this(config, DevstackLib.locate());
  }

  public S3Server(S3ServerConfig config, DevstackLib lib) {
    super("S3Proxy", config.dataDir(), config.startupTimeout(), config.stopTimeout());
    this.config = config;
    this.lib = lib;
  }

  /** Keeps the port of the previous run and rewrites the properties (port, credentials, blob directory). */
  @Override
  void prepare(Instant deadline) {
    createDirectories(blobDir());
    if (port == 0) {
      port = Ports.choose(config.port(), previousPort());
    }
    writeProperties();
  }

  @Override
  ChildProcess.Spec spec() {
    List<String> command = new ArrayList<>(ChildJvm.command(config.jvm()));
    command.add("-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");
    command.addAll(List.of("-jar", lib.s3proxyJar().toString(), "--properties", propertiesFile().toString()));
    return new ChildProcess.Spec("s3proxy", command, Map.of("LOG_LEVEL", "warn"), config.dataDir(), logFile(),
        pidFile(), config.stopOnJvmExit());
  }

  @Override
  String address() {
    return endpoint();
  }

  @Override
  String startupHint() {
    return "If port " + port + " is taken, pick another port or stop the other program.";
  }

  /** {@code http://127.0.0.1:<port>}; known once started. */
  public synchronized String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** The HTTP port; known once started. */
  public synchronized int port() {
    if (port == 0) {
      throw new IllegalStateException("The S3 server has no port yet: call start() first");
    }
    return port;
  }

  public String accessKey() {
    return config.accessKey();
  }

  public String secretKey() {
    return config.secretKey();
  }

  /** Where buckets live: one directory per bucket, one file per object. */
  public Path blobDir() {
    return config.dataDir().resolve("blobs");
  }

  /** S3Proxy's output (warnings and errors only), appended across restarts. */
  @Override
  public Path logFile() {
    return config.dataDir().resolve("s3proxy.log");
  }

  /** Any HTTP status means S3Proxy is serving. */
  @Override
  Optional<String> awaitReady(Instant deadline, ChildProcess process) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2)).build();
    String lastError = "no answer yet";
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          return Optional.of("the S3Proxy process exited");
        }
        if (Tcp.accepts(port)) {
          try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
            return Optional.empty();
          } catch (IOException e) {
            lastError = e.toString();
          }
        }
        Pause.of(POLL);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevstackException("Interrupted while waiting for S3Proxy on " + endpoint(), e);
    }
    return Optional.of("no HTTP answer before the startup timeout of " + config.startupTimeout() + " (last: "
        + lastError + ")");
  }

  private void writeProperties() {
    Properties properties = new Properties();
    properties.setProperty(ENDPOINT_KEY, "http://127.0.0.1:" + port);
    properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    properties.setProperty("s3proxy.identity", config.accessKey());
    properties.setProperty("s3proxy.credential", config.secretKey());
    properties.setProperty("jclouds.provider", "filesystem");
    properties.setProperty("jclouds.filesystem.basedir", blobDir().toString());
    try (var out = Files.newBufferedWriter(propertiesFile(), StandardCharsets.UTF_8)) {
      properties.store(out, "Written by LatentQ devstack at every start; edits are overwritten.");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + propertiesFile() + ": " + e.getMessage(), e);
    }
  }

  private int previousPort() {
    if (!Files.exists(propertiesFile())) {
      return 0;
    }
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(Files.readString(propertiesFile(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + propertiesFile() + ": " + e.getMessage(), e);
    }
    String endpoint = properties.getProperty(ENDPOINT_KEY);
    return endpoint == null ? 0 : Math.max(0, URI.create(endpoint).getPort());
  }

  private Path propertiesFile() {
    return config.dataDir().resolve("s3proxy.properties");
  }

  @Override
  PidFile pidFile() {
    return new PidFile(config.dataDir().resolve("s3proxy.pid"), propertiesFile().toString());
  }
}
