package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request whose preparation fails after its LoRA variant was acquired (here: the variant's text encoder throws)
 * leaves no sample behind to release the variant, so preparation itself must: otherwise the variant counts as in use
 * forever and is never evicted.
 */
class VariantReleaseOnFailedPreparationTest {
  private static final LoraSet BROKEN = LoraSet.of(new LoraWeight(Path.of("broken.safetensors"), 1.0));
  private static final LoraSet OTHER = LoraSet.of(new LoraWeight(Path.of("other.safetensors"), 1.0));

  private DiffusionModel base;
  private DiffusionModel model;

  @BeforeEach
  void modelWhoseBrokenVariantCannotEncode() {
    base = SimulatedModel.create("sim", CostModel.nearlyFree());
    DiffusionModel.Parts parts = base.parts();
    model = new DiffusionModel(parts, set -> new ModelVariant(set, parts.unet(),
        set.equals(BROKEN) ? new FailingEncoder() : parts.prompts(), 1, List.of()));
  }

  @AfterEach
  void close() throws Exception {
    base.close();
  }

  @Test
  void aFailedPrepareReleasesTheVariantItAcquired() {
    GenerationRequest request = model.request("a fox").steps(2).images(2).loras(BROKEN).build();

    assertThatThrownBy(() -> model.prepare(request, "job")).hasMessageContaining("encoder failed");

    assertThat(model.variant(BROKEN).idle()).as("no sample holds the variant").isTrue();
    model.keepLoraVariants(1);
    assertThat(model.checkLoras(OTHER)).isEmpty();
    assertThat(model.loraVariantBytes(BROKEN)).as("the idle variant was evicted for the next set").isEqualTo(-1);
  }

  @Test
  void aRequestFailingInABatchedPrepareReleasesItsVariantAndTheOthersKeepTheirs() {
    GenerationRequest broken = model.request("a fox").steps(2).loras(BROKEN).build();
    GenerationRequest fine = model.request("a hen").steps(2).loras(OTHER).build();

    List<DiffusionModel.Prepared> prepared = model.prepareAll(List.of(broken, fine), List.of("broken", "fine"));

    assertThat(prepared.get(0).failure()).hasMessageContaining("encoder failed");
    assertThat(prepared.get(1).samples()).hasSize(1);
    assertThat(model.variant(BROKEN).idle()).isTrue();
    assertThat(model.variant(OTHER).idle()).as("the prepared sample still holds its variant").isFalse();
  }

  private static final class FailingEncoder implements PromptEncoder {
    @Override
    public Conditioning encode(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided, int height,
        int width) {
      throw new IllegalStateException("encoder failed");
    }

    @Override
    public int sequenceLength() {
      return 77;
    }

    @Override
    public int hiddenWidth() {
      return 768;
    }

    @Override
    public boolean truncates(String prompt) {
      return false;
    }

    @Override
    public void close() {
    }
  }
}
