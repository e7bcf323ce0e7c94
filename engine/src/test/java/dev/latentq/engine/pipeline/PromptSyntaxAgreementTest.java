package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A prompt without emphasis that fits one chunk means the same in both syntaxes (the reference checked that A1111's
 * embeddings then equal diffusers'): the same images bit for bit, on every model family — SD 1.x, SD 2.x (pad-0
 * tokenizer, float16), SDXL (two encoders, zero empty negative) and LCM (no negative row). Brackets do not.
 */
class PromptSyntaxAgreementTest {
  @ParameterizedTest
  @ValueSource(strings = {"tiny-sd15", "tiny-sd2v", "tiny-sdxl", "tiny-lcm"})
  void unweightedShortPromptGivesTheSameImagesInBothSyntaxes(String folder) throws Exception {
    try (DiffusionModel model = DiffusionModel.load(Path.of("../fixtures", folder), RuntimeOptions.cpu())) {
      GenerationRequest plain = model.request("a red circle, on a white background").seed(3).steps(4)
          .scheduler(SchedulerKind.EULER).size(64, 64).negativePrompt(folder.equals("tiny-sdxl") ? "" : "blurry")
          .build();
      GenerationRequest a1111 = plain.toBuilder().promptSyntax(PromptSyntax.A1111).build();
      GenerationRequest bracketed = plain.toBuilder().prompt("a (red) circle, on a white background").build();
      GenerationRequest weighted = bracketed.toBuilder().promptSyntax(PromptSyntax.A1111).build();

      List<DecodedImage> images = List.of(plain, a1111, bracketed, weighted).stream()
          .map(r -> new OneShotGenerator(model, 16).generate(r).get(0)).toList();

      assertThat(images.get(1).image()).as("unweighted prompt, a1111 vs plain").isEqualTo(images.get(0).image());
      assertThat(images.get(3).image()).as("(red) weighted vs literal brackets").isNotEqualTo(images.get(2).image());
    }
  }
}
