package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.model.RuntimeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Jobs with equal LoRA sets share U-Net calls, jobs with different sets never do, and mixing them in one batch
 * changes no pixel: each job still matches its diffusers reference.
 */
class LoraBatchingTest {
  private static final Path LORA_A = LoraGoldenImagesTest.MODEL.resolve("loras/a.safetensors");
  private static final Path LORA_B = LoraGoldenImagesTest.MODEL.resolve("loras/b.safetensors");
  @Test
  void groupsUnetCallsByLoraSetAndKeepsEachJobsImage() throws Exception {
    JsonNode cases = new ObjectMapper().readTree(LoraGoldenImagesTest.MODEL.resolve("cases-lora.json").toFile())
        .get("cases");
    JsonNode none = find(cases, "lora-ddim-none");
    JsonNode a10 = find(cases, "lora-ddim-a10");
    try (DiffusionModel model = DiffusionModel.load(LoraGoldenImagesTest.MODEL, RuntimeOptions.cpu());
        DenoiseBatch batch = model.newBatch(16)) {
      List<Sample> all = new ArrayList<>();
      all.addAll(model.prepare(LoraGoldenImagesTest.request(a10), "a10-first"));
      all.addAll(model.prepare(LoraGoldenImagesTest.request(none), "none"));
      all.addAll(model.prepare(LoraGoldenImagesTest.request(a10), "a10-second"));
      all.forEach(batch::add);
      assertThat(model.loraVariants()).as("one variant for the two a10 jobs").isEqualTo(1);

      DenoiseBatch.StepResult first = batch.step();
      assertThat(first.unetCalls()).as("one call for LoRA set a@1.0 (2 jobs), one for no LoRA").isEqualTo(2);
      assertThat(first.rows()).isEqualTo(6);
      while (!batch.isEmpty()) {
        batch.step();
      }
      List<DecodedImage> images = model.decode(all);
      for (DecodedImage image : images) {
        JsonNode c = image.owner().equals("none") ? none : a10;
        ImageComparison diff = ImageComparison.of(image.image(), LoraGoldenImagesTest.MODEL.resolve("expected")
            .resolve(c.get("expected").get(0).asText()));
        assertThat(diff.withinFixtureTolerance()).as("%s: %s", image.owner(), diff).isTrue();
      }
    }
  }

  @Test
  void keepsAtMostTheConfiguredIdleVariantsButNeverClosesOneInUse() throws Exception {
    try (DiffusionModel model = DiffusionModel.load(LoraGoldenImagesTest.MODEL, RuntimeOptions.cpu());
        DenoiseBatch batch = model.newBatch(16)) {
      model.keepLoraVariants(1);
      LoraSet first = LoraSet.of(new LoraWeight(LORA_A, 0.5));
      LoraSet second = LoraSet.of(new LoraWeight(LORA_B, 0.5));
      LoraSet third = LoraSet.of(new LoraWeight(LORA_A, 0.25));
      GenerationRequest request = model.request("a fox").steps(2).size(64, 64).loras(first).build();
      model.prepare(request, "job").forEach(batch::add);
      ModelVariant inUse = model.variant(first);

      assertThat(model.checkLoras(second)).isEmpty();
      assertThat(model.loraVariants()).as("the variant in use stays beside the new one").isEqualTo(2);
      assertThat(model.variant(first)).isSameAs(inUse);

      while (!batch.isEmpty()) {
        batch.step();
      }
      assertThat(model.checkLoras(third)).isEmpty();
      assertThat(model.loraVariants()).as("idle variants beyond the limit are closed").isEqualTo(1);
      assertThat(model.loraVariantBytes(first)).isEqualTo(-1);
      assertThat(model.loraVariantBytes(third)).isPositive();
    }
  }

  @Test
  void aSuspendedSampleKeepsItsVariantInUseUntilItFinishes() throws Exception {
    try (DiffusionModel model = DiffusionModel.load(LoraGoldenImagesTest.MODEL, RuntimeOptions.cpu());
        DenoiseBatch batch = model.newBatch(16)) {
      model.keepLoraVariants(1);
      LoraSet first = LoraSet.of(new LoraWeight(LORA_A, 0.5));
      GenerationRequest shortJob = model.request("a fox").steps(2).size(64, 64).loras(first).build();
      GenerationRequest longJob = shortJob.toBuilder().steps(8).build();
      List<Sample> preempted = model.prepare(shortJob, "preempted");
      preempted.forEach(batch::add);
      model.prepare(longJob, "still running").forEach(batch::add);
      ModelVariant inUse = model.variant(first);

      preempted.forEach(batch::suspend);
      preempted.forEach(batch::add);
      while (!preempted.get(0).done()) {
        batch.step();
      }
      assertThat(batch.isEmpty()).as("the other job still needs the variant").isFalse();
      assertThat(model.checkLoras(LoraSet.of(new LoraWeight(LORA_B, 0.5)))).isEmpty();

      assertThat(model.variant(first)).as("not closed while a sample uses it").isSameAs(inUse);
      while (!batch.isEmpty()) {
        batch.step();
      }
    }
  }

  @Test
  void callersAskingForOneSetAtOnceGetOneVariant() throws Exception {
    LoraSet set = LoraSet.of(new LoraWeight(LoraGoldenImagesTest.MODEL.resolve("loras/c.safetensors"), 0.4));
    try (DiffusionModel model = DiffusionModel.load(LoraGoldenImagesTest.MODEL, RuntimeOptions.cpu())) {
      ExecutorService callers = Executors.newFixedThreadPool(3);
      try {
        List<Future<ModelVariant>> asked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          asked.add(callers.submit(() -> model.variant(set)));
        }
        ModelVariant first = asked.get(0).get(1, TimeUnit.MINUTES);
        for (Future<ModelVariant> other : asked) {
          assertThat(other.get(1, TimeUnit.MINUTES)).isSameAs(first);
        }
        assertThat(model.loraVariants()).isEqualTo(1);
      } finally {
        callers.shutdownNow();
      }
    }
  }

  private static JsonNode find(JsonNode cases, String id) {
    for (JsonNode c : cases) {
      if (c.get("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no case " + id);
  }
}
