package dev.latentq.worker.jobs;

import static dev.latentq.worker.jobs.StageFixtures.SIZE;
import static dev.latentq.worker.jobs.StageFixtures.await;
import static dev.latentq.worker.jobs.StageFixtures.failure;
import static dev.latentq.worker.jobs.StageFixtures.job;
import static dev.latentq.worker.jobs.StageFixtures.png;
import static dev.latentq.worker.jobs.StageFixtures.textJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.worker.storage.MemoryImageStore;
import dev.latentq.worker.storage.StorageFailures;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InputImageStageTest {
  private static final ObjectRef INIT = new ObjectRef("inputs", "cat.png");
  private static final ObjectRef MASK = new ObjectRef("inputs", "cat-mask.png");

  private final Vertx vertx = Vertx.vertx();
  private final MemoryImageStore store = new MemoryImageStore();
  private final InputImageStage stage = new InputImageStage(vertx, store, 1024 * 1024);

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aTextToImageJobReadsNothing() {
    InputImages inputs = await(stage.apply(textJob("text"), null));

    assertThat(inputs.init()).isNull();
    assertThat(inputs.mask()).isNull();
    assertThat(store.gets()).isZero();
  }

  @Test
  void anInitImageAndMaskOfTheJobsSizeAreDecoded() {
    store.add(INIT.bucket(), INIT.key(), png(SIZE, SIZE), Map.of());
    store.add(MASK.bucket(), MASK.key(), png(SIZE, SIZE), Map.of());

    InputImages inputs = await(stage.apply(job("inpaint", INIT, MASK), null));

    assertThat(inputs.init().width()).isEqualTo(SIZE);
    assertThat(inputs.mask().height()).isEqualTo(SIZE);
  }

  @Test
  void anInitImageOfAnotherSizeFailsWithoutTellingTheJobItsSize() {
    store.add(INIT.bucket(), INIT.key(), png(40, 24), Map.of());

    Throwable failure = failure(stage.apply(job("resized", INIT, null), null));

    assertThat(failure).isInstanceOfSatisfying(JobFailedException.class, e -> {
      assertThat(e.code()).isEqualTo(FailureCode.INIT_IMAGE_UNAVAILABLE);
      assertThat(e.getMessage()).contains("does not have the job's size 64x64").doesNotContain("40", "24");
    });
  }

  @Test
  void aMissingInitImageReadsLikeAnUnreadableOne() {
    Throwable failure = failure(stage.apply(job("missing", INIT, null), null));

    assertThat(failure).isInstanceOfSatisfying(JobFailedException.class, e -> {
      assertThat(e.code()).isEqualTo(FailureCode.INIT_IMAGE_UNAVAILABLE);
      assertThat(e.getMessage()).startsWith("init image s3://inputs/cat.png was not found or is not readable");
    });
  }

  @Test
  void aMaskOfAnotherSizeFails() {
    store.add(INIT.bucket(), INIT.key(), png(SIZE, SIZE), Map.of());
    store.add(MASK.bucket(), MASK.key(), png(32, 32), Map.of());

    Throwable failure = failure(stage.apply(job("mask", INIT, MASK), null));

    assertThat(failure).isInstanceOfSatisfying(JobFailedException.class, e -> {
      assertThat(e.code()).isEqualTo(FailureCode.INIT_IMAGE_UNAVAILABLE);
      assertThat(e.getMessage()).contains("mask s3://inputs/cat-mask.png does not have the init image's size");
    });
  }

  @Test
  void anUnreachableStoreStaysRetryable() {
    store.failGets(StorageFailures.unavailable("get", INIT.bucket(), INIT.key()));

    Throwable failure = failure(stage.apply(job("later", INIT, null), null));

    assertThat(failure).isInstanceOfSatisfying(JobFailedException.class, e -> {
      assertThat(e.code()).isEqualTo(FailureCode.STORAGE_UNAVAILABLE);
      assertThat(e.code().retryable()).isTrue();
    });
  }
}
