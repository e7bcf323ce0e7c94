package dev.latentq.worker.loras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.storage.StorageFailures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bucket LoRAs become local files before a job runs, with failure codes that say whether a retry can help. */
class LoraFetcherTest {
  @TempDir
  Path dir;

  private Vertx vertx;
  private FakeLoraBucket bucket;
  private LoraFileCache cache;
  private LoraFetcher fetcher;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    bucket = new FakeLoraBucket();
    bucket.objects.put("ink.safetensors", new byte[32]);
    bucket.objects.put("fox.safetensors", new byte[16]);
    cache = new LoraFileCache(dir.resolve("cache"), 1000);
    fetcher = LoraFetcher.of(vertx, bucket, cache, true, 2);
  }

  @AfterEach
  void stop() {
    fetcher.close();
    vertx.close().await();
  }

  private LoraSet set(String... fileNames) {
    return set(cache, fileNames);
  }

  private static LoraSet set(LoraFileCache in, String... fileNames) {
    LoraWeight[] weights = new LoraWeight[fileNames.length];
    for (int i = 0; i < fileNames.length; i++) {
      weights[i] = new LoraWeight(in.folder().resolve(fileNames[i]), 1.0);
    }
    return LoraSet.of(weights);
  }

  /** Acquires on an event loop, as the job pipeline does. */
  private Future<LoraFetcher.Held> acquireOnEventLoop(LoraSet set) {
    Promise<LoraFetcher.Held> held = Promise.promise();
    vertx.runOnContext(v -> fetcher.acquire(set).onComplete(held));
    return held.future();
  }

  @Test
  void bucketLorasAreDownloadedIntoTheCacheOffTheEventLoopAndHeldUntilReleased() throws Exception {
    LoraFetcher.Held held = acquireOnEventLoop(set("ink.safetensors", "fox.safetensors")).await(1,
        TimeUnit.MINUTES);

    assertThat(cache.folder().resolve("ink.safetensors")).hasSize(32);
    assertThat(cache.folder().resolve("fox.safetensors")).hasSize(16);
    assertThat(bucket.callsOnEventLoop).as("S3 calls ran on worker threads").hasValue(0);
    held.close();
    held.close();
    assertThat(cache.bytes()).isEqualTo(48);
  }

  @Test
  void releasedFilesBecomeEvictableAgain() {
    LoraFileCache small = new LoraFileCache(dir.resolve("small"), 40);
    LoraFetcher smallFetcher = LoraFetcher.of(vertx, bucket, small, false, 1);
    try {
      smallFetcher.release(smallFetcher.acquire(set(small, "ink.safetensors")).await());

      await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
        smallFetcher.acquire(set(small, "fox.safetensors")).await().close();
        assertThat(small.contains("ink.safetensors")).as("evicted to make room for fox once released").isFalse();
      });
    } finally {
      smallFetcher.close();
    }
  }

  @Test
  void aNameTheBucketLacksIsUnknownLoraListingWhatTheBucketHas() {
    Throwable failure = catchThrowable(() -> fetcher.acquire(set("ink.safetensors", "owl.safetensors")).await());

    assertThat(failure).isInstanceOfSatisfying(LoraFetchException.class, e -> {
      assertThat(e.code()).isEqualTo(FailureCode.UNKNOWN_LORA);
      assertThat(e.code().retryable()).isFalse();
      assertThat(e.getMessage()).contains("'owl'").contains("s3://loras/sd15/owl.safetensors")
          .contains("[fox, ink]");
    });
    assertThat(cache.bytes()).as("ink, fetched before owl failed, is not held").isEqualTo(32);
  }

  @Test
  void anUnreachableBucketIsStorageUnavailableAndRetryable() {
    bucket.failure = () -> StorageFailures.unavailable("stat", "loras", "sd15/ink.safetensors");

    Throwable failure = catchThrowable(() -> fetcher.acquire(set("ink.safetensors")).await());

    assertThat(failure).isInstanceOfSatisfying(LoraFetchException.class, e -> {
      assertThat(e.code()).isEqualTo(FailureCode.STORAGE_UNAVAILABLE);
      assertThat(e.code().retryable()).isTrue();
      assertThat(e.getMessage()).contains("s3://loras/sd15/ink.safetensors").contains("did not answer");
    });
  }

  @Test
  void aCutOffDownloadFailsRetryablyAndLeavesNothingCached() {
    bucket.truncate = 5;

    Throwable failure = catchThrowable(() -> fetcher.acquire(set("ink.safetensors")).await());

    assertThat(failure).isInstanceOfSatisfying(LoraFetchException.class,
        e -> assertThat(e.code()).isEqualTo(FailureCode.STORAGE_UNAVAILABLE));
    assertThat(cache.contains("ink.safetensors")).isFalse();
  }

  @Test
  void folderLorasNeedNoFetching() {
    LoraSet folderOnly = LoraSet.of(new LoraWeight(dir.resolve("folder/ink.safetensors"), 1.0));

    fetcher.acquire(folderOnly).await().close();

    assertThat(bucket.downloads).hasValue(0);
  }
}
