package dev.latentq.worker.storage;

import dev.latentq.worker.loras.LoraBucket;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImageStore} on an S3-compatible server through the MinIO Java SDK. The SDK's blocking calls run on the
 * shared Vert.x worker pool {@value #POOL_NAME}; {@code put}, {@code get} and {@code ensureBucket} retry transient
 * failures with the given {@link RetryPolicy}. Thread-safe; methods may be called from any thread.
 */
public final class S3ImageStore implements ImageStore {

  /** Name of the worker pool (and prefix of its thread names) that runs the SDK calls. */
  public static final String POOL_NAME = "latentq-s3";

  private static final Logger LOG = LoggerFactory.getLogger(S3ImageStore.class);
  private static final String USER_METADATA_PREFIX = "x-amz-meta-";
  private static final Set<String> BUCKET_ALREADY_THERE = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

  private final Vertx vertx;
  private final S3Connection connection;
  private final RetryPolicy retryPolicy;
  private final S3StoreOptions options;
  private final MinioClient client;
  private final WorkerExecutor executor;
  private final Consumer<String> blockingCallProbe;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final StoreHealth health = new StoreHealth(System::nanoTime);

  /** Creates the client and the worker pool; nothing is sent to the server yet. */
  public S3ImageStore(Vertx vertx, S3Connection connection, RetryPolicy retryPolicy, S3StoreOptions options) {
    this(vertx, connection, retryPolicy, options, operation -> { });
  }

  /** For tests: {@code blockingCallProbe} runs on the thread of every SDK call, just before it. */
  S3ImageStore(Vertx vertx, S3Connection connection, RetryPolicy retryPolicy, S3StoreOptions options,
      Consumer<String> blockingCallProbe) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.options = Objects.requireNonNull(options, "options");
    this.blockingCallProbe = Objects.requireNonNull(blockingCallProbe, "blockingCallProbe");
    MinioClient.Builder builder = MinioClient.builder()
        .endpoint(connection.endpoint())
        .region(connection.region())
        .httpClient(httpClient(options), true);
    if (!connection.anonymous()) {
      builder.credentials(connection.accessKey(), connection.secretKey());
    }
    this.client = builder.build();
    this.executor = vertx.createSharedWorkerExecutor(POOL_NAME, options.threads());
  }

  @Override
  public Future<StoredObject> put(String bucket, String key, byte[] data, String contentType,
      Map<String, String> userMetadata) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(userMetadata, "userMetadata");
    S3Target target = new S3Target("put", bucket, key);
    if (connection.anonymous()) {
      // MinIO SDK 9.0.4 demands a Content-MD5 for unsigned uploads but never computes one, so every such put fails.
      return Future.failedFuture(StorageException.of(target, "InvalidArgument", "anonymous uploads are not "
          + "supported (only reads are): set the storage accessKey and secretKey", false, null));
    }
    String invalid = UserMetadata.problem(userMetadata);
    if (invalid != null) {
      return Future.failedFuture(StorageException.of(target, "InvalidArgument", invalid, false, null));
    }
    Map<String, String> metadata = Map.copyOf(userMetadata);
    return retryPolicy.execute(vertx, () -> watched(blocking(target, () -> {
      client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
          .data(data, data.length)
          .contentType(contentType)
          .userMetadata(metadata)
          .build());
      return new StoredObject(bucket, key, data.length, Sha256.hex(data));
    })));
  }

  /**
   * The LoRAs in {@code bucket} under {@code prefix}, read with this store's client (so its endpoint, credentials and
   * timeouts) on the caller's thread. Valid until the store closes.
   */
  public LoraBucket loraBucket(String bucket, String prefix) {
    return new S3LoraBucket(client, bucket, prefix);
  }

  /** Whether storage calls keep failing, for readiness and metrics. */
  public StoreHealth health() {
    return health;
  }

  /** Records an attempt's outcome in {@link #health}: only transient failures say the store is failing. */
  private <T> Future<T> watched(Future<T> attempt) {
    return attempt.andThen(result -> {
      if (result.succeeded()) {
        health.succeeded();
      } else if (result.cause() instanceof StorageException e && e.isTransient()) {
        health.failedTransiently();
      }
    });
  }

  @Override
  public Future<Optional<Map<String, String>>> userMetadata(String bucket, String key) {
    S3Target target = new S3Target("stat", bucket, key);
    return retryPolicy.execute(vertx, () -> watched(blocking(target, () -> stat(target))));
  }

  private Optional<Map<String, String>> stat(S3Target target) throws MinioException {
    StatObjectResponse stat;
    try {
      stat = client.statObject(StatObjectArgs.builder().bucket(target.bucket()).object(target.key()).build());
    } catch (ErrorResponseException e) {
      if (S3Failures.isNotFound(e, false)) {
        return Optional.empty();
      }
      throw e;
    }
    Map<String, String> metadata = new TreeMap<>();
    for (String name : stat.headers().names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith(USER_METADATA_PREFIX)) {
        metadata.put(lower.substring(USER_METADATA_PREFIX.length()), stat.headers().get(name));
      }
    }
    return Optional.of(metadata);
  }

  @Override
  public Future<byte[]> get(String bucket, String key) {
    S3Target target = new S3Target("get", bucket, key);
    return retryPolicy.execute(vertx, () -> blocking(target, () -> read(target)));
  }

  @Override
  public Future<Void> ensureBucket(String bucket) {
    S3Target target = S3Target.bucket("ensureBucket", bucket);
    return retryPolicy.execute(vertx, () -> blocking(target, () -> {
      createUnlessExists(target);
      return null;
    }));
  }

  @Override
  public Future<Void> ping(String bucket) {
    S3Target target = S3Target.bucket("ping", bucket);
    Future<Void> answer = blocking(target, () -> {
      if (!exists(bucket)) {
        throw StorageException.of(target, "NoSuchBucket", "the bucket does not exist; create it or enable "
            + "storage.createBucket", false, null);
      }
      return null;
    });
    return answer.timeout(options.pingTimeout().toMillis(), TimeUnit.MILLISECONDS).recover(failure ->
        Future.failedFuture(failure instanceof TimeoutException
            ? StorageException.of(target, "Unreachable", "no answer from " + connection.endpoint() + " within "
                + options.pingTimeout().toMillis() + " ms", true, failure)
            : failure));
  }

  /** Closes the HTTP client (its threads would otherwise delay JVM exit) and releases the worker pool. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.close();
    } catch (Exception e) {
      LOG.warn("Closing the S3 client for {} failed: {}", connection.endpoint(), e.toString(), e);
    }
    executor.close();
  }

  /**
   * Our own HTTP client rather than the SDK's default: explicit timeouts, no second retry layer under
   * {@link RetryPolicy} (the SDK's default client retries 5xx answers itself), and no re-parsing of every
   * certificate in {@code SSL_CERT_DIR} per client, which took seconds. TLS trust comes from the JVM's trust store.
   */
  private static OkHttpClient httpClient(S3StoreOptions options) {
    return new OkHttpClient.Builder()
        .connectTimeout(options.connectTimeout())
        .readTimeout(options.requestTimeout())
        .writeTimeout(options.requestTimeout())
        .protocols(List.of(Protocol.HTTP_1_1))
        .build();
  }

  /** Runs one SDK call on the S3 pool, never on an event loop, unordered so that calls run in parallel. */
  private <T> Future<T> blocking(S3Target target, Callable<T> call) {
    if (closed.get()) {
      return Future.failedFuture(new IllegalStateException("S3 " + target.describe() + " cannot run: the image "
          + "store for " + connection.endpoint() + " is closed"));
    }
    return executor.executeBlocking(() -> {
      blockingCallProbe.accept(target.operation());
      try {
        return call.call();
      } catch (Exception e) {
        throw S3Failures.classify(target, e);
      }
    }, false);
  }

  private byte[] read(S3Target target) throws MinioException, IOException {
    long limit = options.maxGetBytes();
    try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(target.bucket())
        .object(target.key()).build())) {
      String length = in.headers().get("Content-Length");
      if (length != null && Long.parseLong(length) > limit) {
        throw tooLarge(target, Long.parseLong(length) + " bytes");
      }
      byte[] bytes = in.readNBytes((int) limit + 1);
      if (bytes.length > limit) {
        throw tooLarge(target, "more than " + limit + " bytes");
      }
      return bytes;
    }
  }

  private StorageException tooLarge(S3Target target, String size) {
    return StorageException.of(target, "ObjectTooLarge", "the object has " + size + ", over the limit of "
        + options.maxGetBytes() + " bytes; use a smaller image", false, null);
  }

  private void createUnlessExists(S3Target target) throws MinioException {
    if (exists(target.bucket())) {
      return;
    }
    try {
      client.makeBucket(MakeBucketArgs.builder().bucket(target.bucket()).build());
      LOG.info("Created bucket {} on {}", target.bucket(), connection.endpoint());
    } catch (ErrorResponseException e) {
      String code = e.errorResponse() == null ? null : e.errorResponse().code();
      // Another worker created it between our check and our request; fine as long as we can reach it.
      if (!BUCKET_ALREADY_THERE.contains(code) || !exists(target.bucket())) {
        throw e;
      }
      LOG.debug("Bucket {} was created concurrently by another client ({})", target.bucket(), code);
    }
  }

  private boolean exists(String bucket) throws MinioException {
    return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
  }
}
