package dev.latentq.worker.jobs;

import static dev.latentq.worker.jobs.StageFixtures.BUCKET;
import static dev.latentq.worker.jobs.StageFixtures.MODEL;
import static dev.latentq.worker.jobs.StageFixtures.SIZE;
import static dev.latentq.worker.jobs.StageFixtures.await;
import static dev.latentq.worker.jobs.StageFixtures.failure;
import static dev.latentq.worker.jobs.StageFixtures.onContext;
import static dev.latentq.worker.jobs.StageFixtures.textJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.JobImages;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.worker.storage.MemoryImageStore;
import dev.latentq.worker.storage.PngWriter;
import dev.latentq.worker.storage.StorageFailures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreStageTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final MemoryImageStore store = MemoryImageStore.gated();
  private final PngWriter png = new PngWriter(vertx, 1);
  private final StoreStage stage = new StoreStage(store, png, "9.9.9");

  @AfterEach
  void close() throws Exception {
    png.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void eachImageIsUploadedAsAPngUnderTheJobsKeyTaggedWithItsFingerprint() {
    ResolvedJob job = textJob("two");
    store.release("two");

    StoredImages stored = await(onContext(context, () -> stage.apply(job, images(job, 2))));

    assertThat(stored.images()).extracting(GeneratedImage::key).containsExactly("jobs/two/0.png", "jobs/two/1.png");
    for (int i = 0; i < 2; i++) {
      MemoryImageStore.Entry object = store.object(BUCKET, job.key(i));
      assertThat(Arrays.copyOf(object.data(), 4)).isEqualTo(PNG_SIGNATURE);
      assertThat(new String(object.data(), StandardCharsets.ISO_8859_1)).contains("parameters", "9.9.9");
      assertThat(object.metadata()).containsEntry("job-id", "two").containsEntry("model", MODEL)
          .containsEntry("index", Integer.toString(i)).containsEntry("seed", "7")
          .containsEntry(JobFingerprint.METADATA_KEY, job.fingerprint());
      assertThat(stored.images().get(i).sha256()).isEqualTo(sha256(object.data()));
      assertThat(stored.images().get(i).bytes()).isEqualTo(object.data().length);
    }
  }

  @Test
  void theTimesTakeTheEnginesAndAddEncodingToDecoding() {
    ResolvedJob job = textJob("timed");
    store.release("timed");
    long acceptedAgo = Duration.ofHours(1).toNanos();
    ResolvedJob early = new ResolvedJob(job.job(), job.request(), job.strength(), null, null, job.bucket(),
        job.keyPrefix(), System.nanoTime() - acceptedAgo);
    JobImages images = new JobImages(EngineJob.of("timed", MODEL, job.request()),
        List.of(RgbImage.black(SIZE, SIZE)), 11, 22, 33);

    JobTimes times = await(onContext(context, () -> stage.apply(early, images))).times();

    assertThat(times.queuedNanos()).isEqualTo(11);
    assertThat(times.denoiseNanos()).isEqualTo(22);
    assertThat(times.decodeNanos()).isGreaterThan(33);
    assertThat(times.totalNanos()).isGreaterThan(acceptedAgo);
  }

  @Test
  void aJobCountsAsStoringUntilItsLastUploadEnds() {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    stage.onStoringChanged(() -> seen.add(stage.storing()));
    ResolvedJob job = textJob("held");

    Future<StoredImages> result = onContext(context, () -> stage.apply(job, images(job, 1)));
    await().until(() -> stage.storing() == 1);
    assertThat(result.isComplete()).isFalse();
    store.release("held");
    await(result);

    await().until(() -> stage.storing() == 0);
    assertThat(seen).containsExactly(1, 0);
  }

  @Test
  void aFailedUploadFailsTheStageAndTheJobStopsCounting() {
    store.failPuts(StorageFailures.denied("put", BUCKET, "jobs/denied/0.png"));
    ResolvedJob job = textJob("denied");

    Throwable failure = failure(onContext(context, () -> stage.apply(job, images(job, 1))));

    assertThat(failure).hasMessageContaining("access denied");
    assertThat(stage.storing()).isZero();
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JobImages images(ResolvedJob job, int count) {
    List<RgbImage> images = IntStream.range(0, count).mapToObj(i -> RgbImage.black(SIZE, SIZE))
        .toList();
    return new JobImages(job.engineJob(null, null), images, 0, 0, 0);
  }
}
