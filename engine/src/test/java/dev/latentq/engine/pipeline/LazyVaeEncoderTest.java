package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.model.LazyLatentEncoder;
import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.SessionTuning;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text-to-image never opens the VAE encoder; img2img opens it on first use (reporting the memory it adds, for a model
 * pool's budget), and a broken one fails only then.
 */
class LazyVaeEncoderTest {
  private static final Path SD15 = Path.of("../fixtures/tiny-sd15");

  private static GenerationRequest.Builder request() {
    return GenerationRequest.builder("a fox").seed(3).steps(2).scheduler(SchedulerKind.EULER).size(64, 64);
  }

  @Test
  void textToImageLeavesTheEncoderClosedAndImageToImageOpensIt() throws Exception {
    try (DiffusionModel model = DiffusionModel.load(SD15, RuntimeOptions.cpu())) {
      LazyLatentEncoder encoder = (LazyLatentEncoder) model.parts().encoder();
      assertThat(model.supportsInitImage()).isTrue();

      new OneShotGenerator(model, 2).generate(request().build());
      assertThat(encoder.isOpen()).as("after text-to-image").isFalse();

      new OneShotGenerator(model, 2).generate(request().initImage(RgbImage.black(64, 64), 0.5).build());
      assertThat(encoder.isOpen()).as("after img2img").isTrue();
    }
  }

  @Test
  void openingTheEncoderReportsWhatItAddsAndClosingTheModelGivesItBack() throws Exception {
    List<Long> changes = new CopyOnWriteArrayList<>();
    DiffusionModel model = DiffusionModel.load(SD15, RuntimeOptions.cpu());
    long encoderWeights = Files.size(SD15.resolve("vae_encoder/model.onnx"));
    try (model) {
      model.trackAddedMemory(changes::add);
      new OneShotGenerator(model, 2).generate(request().build());
      assertThat(changes).as("text-to-image opens nothing").isEmpty();

      new OneShotGenerator(model, 2).generate(request().initImage(RgbImage.black(64, 64), 0.5).build());
      new OneShotGenerator(model, 2).generate(request().initImage(RgbImage.black(64, 64), 0.5).build());
      assertThat(changes).as("reported once, at least its weight files").hasSize(1);
      assertThat(changes.getFirst()).isGreaterThanOrEqualTo(encoderWeights);
    }
    assertThat(changes).as("closing the model frees what the encoder added").containsExactly(changes.getFirst(),
        -changes.getFirst());
  }

  @Test
  void aBrokenEncoderFailsTheFirstImageToImageRequestNotTheLoad(@TempDir Path tmp) throws Exception {
    Path model = tmp.resolve("broken-encoder");
    BrokenModelFolderTest.copyTree(SD15, model);
    Path onnx = model.resolve("vae_encoder/model.onnx");
    Files.writeString(onnx, "<html>404 Not Found</html>");

    try (DiffusionModel loaded = DiffusionModel.load(model, RuntimeOptions.cpu())) {
      assertThat(new OneShotGenerator(loaded, 2).generate(request().build())).hasSize(1);
      assertThatThrownBy(() -> new OneShotGenerator(loaded, 2)
          .generate(request().initImage(RgbImage.black(64, 64), 0.5).build()))
          .isInstanceOf(ModelLoadException.class).hasMessageContaining(onnx.toString());
    }
  }

  @Test
  void eagerLoadingStillRefusesABrokenEncoderAtLoad(@TempDir Path tmp) throws Exception {
    Path model = tmp.resolve("broken-encoder");
    BrokenModelFolderTest.copyTree(SD15, model);
    RuntimeOptions eager = RuntimeOptions.cpu().withTuning(SessionTuning.parse("lazy-vae-encoder=off"));
    Files.writeString(model.resolve("vae_encoder/model.onnx"), "not onnx");

    assertThatThrownBy(() -> DiffusionModel.load(model, eager).close()).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("vae_encoder");
  }
}
