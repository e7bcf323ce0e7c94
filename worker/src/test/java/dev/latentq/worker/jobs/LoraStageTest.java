package dev.latentq.worker.jobs;

import static dev.latentq.worker.jobs.StageFixtures.await;
import static dev.latentq.worker.jobs.StageFixtures.failure;
import static dev.latentq.worker.jobs.StageFixtures.textJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.loras.LoraFetcher;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoraStageTest {
  private final Vertx vertx = Vertx.vertx();
  private final InputImages inputs = new InputImages(null, null);

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aJobWithoutLorasPassesItsInputsOn() {
    LoraStage stage = new LoraStage(vertx, model -> null, LoraFetcher.none());

    assertThat(await(stage.apply(textJob("plain"), inputs))).isSameAs(inputs);
  }

  @Test
  void aLoraTheModelCannotTakeFailsAsAnUnsupportedRequest() throws Exception {
    // The original tiny export has no module paths in its graphs, so it can take no LoRA at all.
    try (DiffusionModel model = DiffusionModel.load(Path.of("../fixtures/tiny-sd15"), RuntimeOptions.cpu())) {
      LoraStage stage = new LoraStage(vertx, id -> model, LoraFetcher.none());
      ResolvedJob plain = textJob("lora");
      ResolvedJob job = new ResolvedJob(plain.job(), plain.request().toBuilder().loras(LoraSet.of(new LoraWeight(
          Path.of("../fixtures/tiny-sd15-optimum/loras/a.safetensors"), 1.0))).build(), plain.strength(), null, null,
          plain.bucket(), plain.keyPrefix(), plain.acceptedNanos());

      Throwable failure = failure(stage.apply(job, inputs));

      assertThat(failure).isInstanceOfSatisfying(JobFailedException.class, e -> {
        assertThat(e.code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST);
        assertThat(e.getMessage()).contains("cannot take LoRAs");
      });
    }
  }
}
