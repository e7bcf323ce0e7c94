package dev.latentq.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latentq.devstack.S3Server;
import dev.latentq.devstack.S3ServerConfig;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real S3 server (S3Proxy child process from devstack), started once for the class. */
@Tag("integration")
class S3ImageStoreTest {

  private static final String REGION = "us-east-1";
  private static final Map<String, String> METADATA = Map.of("job-id", "job-42", "model", "tiny-sd15",
      "seed", "1234");
  private static final RetryPolicy NO_RETRY = RetryPolicy.withBudget(Duration.ZERO);
  private static final RetryPolicy QUICK_RETRY = new RetryPolicy(Duration.ofMillis(100), 2.0,
      Duration.ofMillis(500), Duration.ofSeconds(45));
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  @TempDir
  static Path dataDir;

  private static S3Server server;
  private static Vertx vertx;
  private static MinioClient adminClient;

  private final AtomicInteger sdkCalls = new AtomicInteger();

  @BeforeAll
  static void startServer() {
    server = new S3Server(S3ServerConfig.builder(dataDir).build()).start();
    vertx = Vertx.vertx();
    adminClient = MinioClient.builder().endpoint(server.endpoint())
        .credentials(server.accessKey(), server.secretKey()).region(REGION)
        .httpClient(new OkHttpClient(), true).build();
  }

  @AfterAll
  static void stopServer() throws Throwable {
    if (adminClient != null) {
      adminClient.close();
    }
    if (vertx != null) {
      Futures.await(vertx.close());
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void ensureBucketCreatesTheBucketAndIsIdempotent() throws Throwable {
    String bucket = newBucketName();
    try (S3ImageStore store = store(NO_RETRY)) {
      Futures.await(store.ensureBucket(bucket));
      Futures.await(store.ensureBucket(bucket));
    }

    assertThat(adminClient.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();
  }

  @Test
  void workersCreatingTheSameBucketAtOnceAllSucceed() throws Throwable {
    String bucket = newBucketName();
    try (S3ImageStore first = store(NO_RETRY); S3ImageStore second = store(NO_RETRY)) {
      List<Future<Void>> creations = IntStream.range(0, 6)
          .mapToObj(i -> (i % 2 == 0 ? first : second).ensureBucket(bucket)).toList();

      Futures.await(Future.all(creations));
    }
  }

  @Test
  void putThenGetReturnsTheSameBytesWithContentTypeAndMetadataStored() throws Throwable {
    String bucket = existingBucket();
    byte[] png = bytes("fake png bytes", 5000);
    try (S3ImageStore store = store(NO_RETRY)) {
      StoredObject stored = Futures.await(store.put(bucket, "jobs/job-42/0.png", png, "image/png", METADATA));

      assertThat(stored).isEqualTo(new StoredObject(bucket, "jobs/job-42/0.png", png.length, sha256(png)));
      assertThat(Futures.await(store.get(bucket, "jobs/job-42/0.png"))).isEqualTo(png);
    }

    StatObjectResponse stat = adminClient.statObject(StatObjectArgs.builder().bucket(bucket)
        .object("jobs/job-42/0.png").build());
    assertThat(stat.contentType()).isEqualTo("image/png");
    assertThat(stat.size()).isEqualTo(png.length);
    assertThat(stat.userMetadata().getFirst("job-id")).isEqualTo("job-42");
    assertThat(stat.userMetadata().getFirst("model")).isEqualTo("tiny-sd15");
    assertThat(stat.userMetadata().getFirst("seed")).isEqualTo("1234");
  }

  @Test
  void userMetadataReadsWhatPutStoredAndIsEmptyForAMissingKey() throws Throwable {
    String bucket = existingBucket();
    try (S3ImageStore store = store(NO_RETRY)) {
      Futures.await(store.put(bucket, "jobs/job-43/0.png", new byte[10], "image/png",
          Map.of("job-id", "job-43", "job-hash", "abc123")));

      assertThat(Futures.await(store.userMetadata(bucket, "jobs/job-43/0.png")))
          .hasValueSatisfying(m -> assertThat(m).containsEntry("job-id", "job-43").containsEntry("job-hash", "abc123"));
      assertThat(Futures.await(store.userMetadata(bucket, "jobs/nobody/0.png"))).isEmpty();
      assertThat(store.health().failingFor()).isEmpty();
    }
  }

  @Test
  void transientFailuresInARowMarkTheStoreAsFailing() throws IOException {
    S3Connection nowhere = new S3Connection("http://127.0.0.1:" + closedPort(), "a", "b", REGION);
    try (S3ImageStore store = new S3ImageStore(vertx, nowhere, NO_RETRY, S3StoreOptions.defaults())) {
      Futures.failure(store.put("images", "jobs/8.png", new byte[10], "image/png", METADATA));
      Futures.failure(store.put("images", "jobs/9.png", new byte[10], "image/png", METADATA));

      assertThat(store.health().failingFor()).isPresent();
      assertThat(store.health().failuresInARow()).isEqualTo(2);
    }
  }

  @Test
  void sha256IsTheDigestOfTheData() throws Throwable {
    String bucket = existingBucket();
    try (S3ImageStore store = store(NO_RETRY)) {
      StoredObject stored = Futures.await(store.put(bucket, "abc.txt", "abc".getBytes(StandardCharsets.US_ASCII),
          "text/plain", Map.of()));

      assertThat(stored.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      assertThat(stored.bytes()).isEqualTo(3);
    }
  }

  @Test
  void putOfAnExistingKeyOverwritesItAndSameBytesGiveTheSameResult() throws Throwable {
    String bucket = existingBucket();
    byte[] first = bytes("first", 100);
    byte[] second = bytes("second", 300);
    try (S3ImageStore store = store(NO_RETRY)) {
      StoredObject once = Futures.await(store.put(bucket, "k.png", first, "image/png", METADATA));
      StoredObject again = Futures.await(store.put(bucket, "k.png", first, "image/png", METADATA));
      assertThat(again).isEqualTo(once);
      assertThat(Futures.await(store.get(bucket, "k.png"))).isEqualTo(first);

      Futures.await(store.put(bucket, "k.png", second, "image/png", METADATA));

      assertThat(Futures.await(store.get(bucket, "k.png"))).isEqualTo(second);
    }
  }

  @Test
  void getOfAMissingKeyFailsAtOnceAndPermanently() throws Throwable {
    String bucket = existingBucket();
    try (S3ImageStore store = store(QUICK_RETRY)) {
      Throwable failure = Futures.failure(store.get(bucket, "init/missing.png"));

      assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
        assertThat(e.isTransient()).isFalse();
        assertThat(e.errorCode()).isEqualTo("NoSuchKey");
        assertThat(e.getMessage()).contains("get of s3://" + bucket + "/init/missing.png");
      });
      assertThat(sdkCalls).hasValue(1);
    }
  }

  @Test
  void putIntoAMissingBucketFailsAtOnceAndPermanently() {
    try (S3ImageStore store = store(QUICK_RETRY)) {
      Throwable failure = Futures.failure(store.put("no-such-bucket-x", "a.png", new byte[10], "image/png",
          METADATA));

      assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
        assertThat(e.isTransient()).isFalse();
        assertThat(e.errorCode()).isEqualTo("NoSuchBucket");
        assertThat(e.getMessage()).contains("s3://no-such-bucket-x/a.png", "storage.createBucket");
      });
      assertThat(sdkCalls).hasValue(1);
    }
  }

  @Test
  void getOfAnObjectOverTheSizeLimitFailsPermanently() throws Throwable {
    String bucket = existingBucket();
    try (S3ImageStore store = store(NO_RETRY)) {
      Futures.await(store.put(bucket, "big.png", new byte[2048], "image/png", Map.of()));
    }
    S3StoreOptions small = S3StoreOptions.defaults().withMaxGetBytes(1024);
    try (S3ImageStore store = new S3ImageStore(vertx, connection(), QUICK_RETRY, small)) {
      Throwable failure = Futures.failure(store.get(bucket, "big.png"));

      assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
        assertThat(e.isTransient()).isFalse();
        assertThat(e.errorCode()).isEqualTo("ObjectTooLarge");
        assertThat(e.getMessage()).contains("s3://" + bucket + "/big.png", "2048 bytes", "limit of 1024 bytes");
      });
    }
  }

  @Test
  void wrongCredentialsFailAtOnceAndPermanently() throws Throwable {
    String bucket = existingBucket();
    S3Connection wrongSecret = new S3Connection(server.endpoint(), server.accessKey(), "not-the-secret", REGION);
    S3Connection unknownKey = new S3Connection(server.endpoint(), "nobody", server.secretKey(), REGION);
    for (S3Connection connection : List.of(wrongSecret, unknownKey)) {
      sdkCalls.set(0);
      try (S3ImageStore store = new S3ImageStore(vertx, connection, QUICK_RETRY, S3StoreOptions.defaults(),
          operation -> sdkCalls.incrementAndGet())) {
        Throwable failure = Futures.failure(store.put(bucket, "a.png", new byte[10], "image/png", METADATA));

        assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.isTransient()).isFalse();
          assertThat(e.errorCode()).as(e.getMessage())
              .isIn("SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied");
          assertThat(e.getMessage()).contains("s3://" + bucket + "/a.png", "access key")
              .doesNotContain(server.secretKey());
        });
        assertThat(sdkCalls).hasValue(1);
      }
    }
  }

  @Test
  void anonymousReadsOfAPrivateObjectAreDeniedPermanently() throws Throwable {
    String bucket = existingBucket();
    try (S3ImageStore store = store(NO_RETRY)) {
      Futures.await(store.put(bucket, "init/private.png", new byte[700], "image/png", Map.of()));
    }
    S3Connection anonymous = new S3Connection(server.endpoint(), null, null, REGION);
    sdkCalls.set(0);
    try (S3ImageStore store = new S3ImageStore(vertx, anonymous, QUICK_RETRY, S3StoreOptions.defaults(),
        operation -> sdkCalls.incrementAndGet())) {
      Throwable failure = Futures.failure(store.get(bucket, "init/private.png"));

      assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
        assertThat(e.isTransient()).isFalse();
        assertThat(e.errorCode()).isEqualTo("AccessDenied");
        assertThat(e.getMessage()).contains("s3://" + bucket + "/init/private.png", "bucket policy");
      });
      assertThat(sdkCalls).hasValue(1);
    }
  }

  @Test
  void anonymousUploadsAreRejectedBeforeAnyRequest() {
    S3Connection anonymous = new S3Connection(server.endpoint(), null, null, REGION);
    try (S3ImageStore store = new S3ImageStore(vertx, anonymous, QUICK_RETRY, S3StoreOptions.defaults(),
        operation -> sdkCalls.incrementAndGet())) {
      Throwable failure = Futures.failure(store.put("images", "a.png", new byte[1], "image/png", METADATA));

      assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("anonymous uploads are not supported", "accessKey and secretKey");
      });
      assertThat(sdkCalls).hasValue(0);
    }
  }

  @Test
  void invalidUserMetadataIsRejectedBeforeAnyRequest() {
    try (S3ImageStore store = store(QUICK_RETRY)) {
      Throwable failure = Futures.failure(store.put("any-bucket", "a.png", new byte[1], "image/png",
          Map.of("prompt", "caf\u00e9")));

      assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
        assertThat(e.isTransient()).isFalse();
        assertThat(e.errorCode()).isEqualTo("InvalidArgument");
        assertThat(e.getMessage()).contains("'prompt'", "printable ASCII");
      });
      assertThat(sdkCalls).hasValue(0);
    }
  }

  @Test
  void callsAfterCloseFailNamingTheStore() {
    S3ImageStore store = store(QUICK_RETRY);
    store.close();

    Throwable failure = Futures.failure(store.get("images", "a.png"));

    assertThat(failure).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("get of s3://images/a.png").hasMessageContaining("closed");
    assertThat(sdkCalls).hasValue(0);
  }

  @Test
  void pingSucceedsForAnExistingBucket() throws Throwable {
    String bucket = existingBucket();
    try (S3ImageStore store = store(NO_RETRY)) {
      Futures.await(store.ping(bucket));
    }
  }

  @Test
  void pingFailsPermanentlyForAMissingBucket() {
    try (S3ImageStore store = store(NO_RETRY)) {
      Throwable failure = Futures.failure(store.ping("no-such-bucket-y"));

      assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
        assertThat(e.isTransient()).isFalse();
        assertThat(e.errorCode()).isEqualTo("NoSuchBucket");
      });
    }
  }

  @Test
  void pingFailsTransientlyWhenNothingListens() throws IOException {
    S3Connection nowhere = new S3Connection("http://127.0.0.1:" + closedPort(), "a", "b", REGION);
    try (S3ImageStore store = new S3ImageStore(vertx, nowhere, NO_RETRY, S3StoreOptions.defaults())) {
      Throwable failure = Futures.failure(store.ping("images"));

      assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
        assertThat(e.isTransient()).isTrue();
        assertThat(e.errorCode()).isEqualTo("Unreachable");
        assertThat(e.getMessage()).contains("ping of s3://images");
      });
    }
  }

  @Test
  void putFailsTransientlyOnceTheRetryBudgetIsSpent() throws IOException {
    S3Connection nowhere = new S3Connection("http://127.0.0.1:" + closedPort(), "a", "b", REGION);
    RetryPolicy shortBudget = new RetryPolicy(Duration.ofMillis(20), 2.0, Duration.ofMillis(100),
        Duration.ofMillis(600));
    try (S3ImageStore store = new S3ImageStore(vertx, nowhere, shortBudget, S3StoreOptions.defaults(),
        operation -> sdkCalls.incrementAndGet())) {
      Throwable failure = Futures.failure(store.put("images", "jobs/7.png", new byte[10], "image/png", METADATA));

      assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
        assertThat(e.isTransient()).isTrue();
        assertThat(e.errorCode()).isEqualTo("Unreachable");
        assertThat(e.getMessage()).contains("put of s3://images/jobs/7.png", "ConnectException",
            "gave up after " + sdkCalls.get() + " attempts");
      });
      assertThat(sdkCalls.get()).isGreaterThan(2);
    }
  }

  /** The "S3 down for a while" fault in miniature: the put keeps retrying and lands once the server is back. */
  @Test
  void putRetriesWhileTheServerIsDownAndSucceedsAfterItRestarts() throws Throwable {
    String bucket = existingBucket();
    byte[] png = bytes("survives an outage", 1000);
    try (S3ImageStore store = store(QUICK_RETRY)) {
      server.stop();
      Future<StoredObject> put;
      try {
        put = store.put(bucket, "jobs/outage.png", png, "image/png", METADATA);
        await().atMost(Duration.ofSeconds(20)).until(() -> sdkCalls.get() >= 3);
        assertThat(put.isComplete()).isFalse();
      } finally {
        server.start();
      }

      assertThat(Futures.await(put).sha256()).isEqualTo(sha256(png));
      assertThat(Futures.await(store.get(bucket, "jobs/outage.png"))).isEqualTo(png);
    }
  }

  private S3ImageStore store(RetryPolicy retryPolicy) {
    return new S3ImageStore(vertx, connection(), retryPolicy, S3StoreOptions.defaults(),
        operation -> sdkCalls.incrementAndGet());
  }

  private static S3Connection connection() {
    return new S3Connection(server.endpoint(), server.accessKey(), server.secretKey(), REGION);
  }

  private String existingBucket() throws Throwable {
    String bucket = newBucketName();
    try (S3ImageStore store = new S3ImageStore(vertx, connection(), NO_RETRY, S3StoreOptions.defaults())) {
      Futures.await(store.ensureBucket(bucket));
    }
    return bucket;
  }

  private static String newBucketName() {
    return "bucket-" + BUCKETS.incrementAndGet();
  }

  private static byte[] bytes(String seed, int length) {
    byte[] pattern = seed.getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (pattern[i % pattern.length] + i / pattern.length);
    }
    return data;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /** A port nothing listens on: connections are refused at once. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
