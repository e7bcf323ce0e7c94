package dev.latentq.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same store against a real MinIO server; skipped where no Docker engine is available. */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class S3ImageStoreMinioContainerTest {

  @Container
  private static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2024-12-18T13-15-44Z");

  @Test
  void ensureBucketPutAndGetWorkAgainstMinio() throws Throwable {
    Vertx vertx = Vertx.vertx();
    S3Connection connection = new S3Connection(MINIO.getS3URL(), MINIO.getUserName(), MINIO.getPassword(),
        "us-east-1");
    byte[] data = "png bytes".getBytes(StandardCharsets.US_ASCII);
    try (S3ImageStore store = new S3ImageStore(vertx, connection, RetryPolicy.withBudget(Duration.ofSeconds(10)),
        S3StoreOptions.defaults())) {
      Futures.await(store.ensureBucket("images"));
      Futures.await(store.ensureBucket("images"));

      StoredObject stored = Futures.await(store.put("images", "jobs/1.png", data, "image/png",
          Map.of("job-id", "1")));

      assertThat(stored.bytes()).isEqualTo(data.length);
      assertThat(Futures.await(store.get("images", "jobs/1.png"))).isEqualTo(data);
      Futures.await(store.ping("images"));
    } finally {
      Futures.await(vertx.close());
    }
  }
}
