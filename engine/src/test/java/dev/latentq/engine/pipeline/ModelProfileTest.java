package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A model's profile read from its export's files (what a worker checks jobs against while the model is not loaded)
 * holds the same facts as the loaded model's sessions, for every fixture export, and accepts and refuses the same
 * requests.
 */
class ModelProfileTest {
  private static final String LONG = "a watercolor painting of a fox in a forest, " .repeat(12);

  static Stream<Path> exports() {
    return Stream.concat(Stream.of("tiny-sd15", "tiny-sd15-optimum", "tiny-sd15-inpaint", "tiny-sd15-ln",
        "tiny-sd2v", "tiny-sdxl", "tiny-turbo", "tiny-lcm").map(name -> Path.of("../fixtures", name)),
        Stream.of(Path.of("../models/shapes-sd")));
  }

  @ParameterizedTest
  @MethodSource("exports")
  void theProfileReadFromFilesHasTheLoadedModelsFacts(Path folder) throws Exception {
    ModelProfile files = ModelProfile.read(folder);

    try (DiffusionModel model = DiffusionModel.load(folder, RuntimeOptions.cpu())) {
      // The facts as the sessions give them: the U-Net session's signature, the prompt encoder, the VAE encoder.
      ModelProfile sessions = ModelProfile.of(model.parts());
      assertThat(files.name()).isEqualTo(sessions.name());
      assertThat(files.family()).isEqualTo(sessions.family());
      assertThat(files.unet()).as("U-Net signature").isEqualTo(sessions.unet());
      assertThat(files.defaultScheduler()).isEqualTo(sessions.defaultScheduler());
      assertThat(files.defaultWidth()).isEqualTo(sessions.defaultWidth());
      assertThat(files.defaultHeight()).isEqualTo(sessions.defaultHeight());
      assertThat(files.vaeScaleFactor()).isEqualTo(sessions.vaeScaleFactor());
      assertThat(files.sizeMultiple()).isEqualTo(sessions.sizeMultiple());
      assertThat(files.supportsInitImage()).isEqualTo(sessions.supportsInitImage());
      assertThat(files.inpaintingUNet()).isEqualTo(sessions.inpaintingUNet());
      assertThat(files.embedsGuidance()).isEqualTo(sessions.embedsGuidance());
      assertThat(files.scalarTimestep()).isEqualTo(sessions.scalarTimestep());
      assertThat(files.vae()).usingRecursiveComparison().isEqualTo(sessions.vae());
      assertThat(files.prompts().sequenceLength()).isEqualTo(model.prompts().sequenceLength());
      assertThat(files.prompts().truncates(LONG)).isEqualTo(model.prompts().truncates(LONG)).isTrue();
      assertThat(files.prompts().truncates("a fox")).isEqualTo(model.prompts().truncates("a fox")).isFalse();
      for (GenerationRequest request : requests(files)) {
        assertThat(files.promptChunks(request)).as("chunks of %s", request.prompt())
            .isEqualTo(model.prompts().chunks(request.prompt(), request.negativePrompt(), request.promptSyntax(),
                model.guided(request)));
        assertThat(files.check(request)).as("check of %s", request).isEqualTo(sessions.check(request));
      }
      for (boolean init : new boolean[] {false, true}) {
        for (boolean mask : new boolean[] {false, true}) {
          RequestShape shape = new RequestShape(files.defaultWidth(), files.defaultHeight(),
              files.defaultScheduler(), 4, 0.5, init || mask, mask);
          assertThat(files.check(shape)).as("init image %s, mask %s", init, mask).isEqualTo(sessions.check(shape));
        }
      }
    }
  }

  /** Requests that some fixtures take and others refuse: sizes, schedulers, long and split A1111 prompts, images. */
  private static List<GenerationRequest> requests(ModelProfile profile) {
    GenerationRequest base = profile.request("a fox").steps(4).build();
    return List.of(
        base,
        base.toBuilder().size(72, 72).build(),
        base.toBuilder().size(profile.sizeMultiple() * 2, profile.sizeMultiple()).scheduler(SchedulerKind.EULER)
            .build(),
        base.toBuilder().scheduler(SchedulerKind.LCM).build(),
        base.toBuilder().prompt(LONG).promptSyntax(PromptSyntax.A1111).negativePrompt("blurry BREAK dark").build(),
        base.toBuilder().prompt("a (fox:1.2) BREAK a forest").promptSyntax(PromptSyntax.A1111).guidanceScale(1.0)
            .build(),
        base.toBuilder().prompt("a (fox").promptSyntax(PromptSyntax.A1111).build());
  }
}
