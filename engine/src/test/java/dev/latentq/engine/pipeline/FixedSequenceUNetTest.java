package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.model.Denoiser;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.UNetBuffers;
import dev.latentq.engine.model.UNetSignature;
import dev.latentq.engine.prompt.PromptSyntax;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A U-Net exported with a fixed 77-token {@code encoder_hidden_states} axis cannot take long A1111 prompts: the
 * request is refused before anything runs (so the failure stays the job's own instead of failing a U-Net call
 * shared with other jobs), while prompts that fit one chunk still run.
 */
class FixedSequenceUNetTest {
  @Test
  void multiChunkPromptIsRefusedUpFrontWhileOneChunkPromptsPass() throws Exception {
    try (DiffusionModel loaded = DiffusionModel.load(Path.of("../fixtures/tiny-sd15"), RuntimeOptions.cpu())) {
      DiffusionModel.Parts p = loaded.parts();
      UNetSignature s = p.unet().signature();
      UNetSignature fixed = new UNetSignature(s.sampleType(), s.latentChannels(), s.timestepType(),
          s.scalarTimestep(), s.hiddenStatesType(), s.crossAttentionDim(), s.textEmbeds(), s.timeIds(),
          s.timestepCond(), s.outputName(), s.outputType(), 77, s.inputChannels());
      Denoiser unet = new Denoiser() {
        @Override
        public UNetSignature signature() {
          return fixed;
        }

        @Override
        public void run(UNetBuffers buffers, int rows) {
          throw new AssertionError("no U-Net call expected");
        }

        @Override
        public void close() {
        }
      };
      DiffusionModel model = new DiffusionModel(new DiffusionModel.Parts(p.name(), p.family(), p.env(), p.prompts(),
          unet, p.decoder(), p.encoder(), p.vae(), p.schedulerConfig(), p.defaultScheduler(), p.vaeScaleFactor(),
          p.defaultWidth(), p.defaultHeight()));
      GenerationRequest twoChunks = model.request("a castle BREAK a dragon").size(64, 64).steps(2)
          .promptSyntax(PromptSyntax.A1111).build();
      GenerationRequest oneChunk = twoChunks.toBuilder().prompt("a (castle:1.2)").build();

      assertThat(model.check(twoChunks)).get().asString().contains("154 tokens").contains("exactly 77")
          .contains("dynamic sequence axis");
      assertThatThrownBy(() -> model.prepare(twoChunks, "job")).isInstanceOf(IllegalArgumentException.class);
      assertThat(model.check(oneChunk)).isEmpty();
      assertThat(model.prepare(oneChunk, "job")).hasSize(1);
    }
  }
}
