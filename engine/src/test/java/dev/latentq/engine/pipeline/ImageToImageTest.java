package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * img2img on shapes-sd, whose trained VAE reconstructs its own world (the tiny fixtures' random VAEs would not):
 * strength decides how much of the schedule runs and how far the image moves from the init image. The init image
 * is a red circle drawn off-centre, where text-to-image rarely puts it, so keeping the composition is measurable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageToImageTest {
  private static final Path SHAPES_SD = Path.of("../models/shapes-sd");
  // The init image's own description: with a conflicting prompt, guidance 5 repaints even at low strength.
  private static final String PROMPT = "a red circle on a blue background";
  private static final long SEED = 2024;

  private DiffusionModel model;
  private RgbImage init;

  @BeforeAll
  void loadModelAndDrawInitImage() {
    model = DiffusionModel.load(SHAPES_SD, RuntimeOptions.cpu());
    init = redCircleOnBlue(128, 44, 44, 20);
  }

  @AfterAll
  void closeModel() throws Exception {
    model.close();
  }

  private static GenerationRequest request(RgbImage initImage, double strength) {
    return GenerationRequest.builder(PROMPT).seed(SEED).steps(20).guidanceScale(5.0).scheduler(SchedulerKind.DDIM)
        .size(128, 128).initImage(initImage, strength).build();
  }

  @Test
  void strengthRunsThatShareOfTheSteps() {
    assertThat(model.prepare(request(init, 0.5), "half").get(0).totalSteps()).isEqualTo(10);
    assertThat(model.prepare(request(init, 0.3), "light").get(0).totalSteps()).isEqualTo(6);
    assertThat(model.prepare(request(null, 1.0), "text-to-image").get(0).totalSteps()).isEqualTo(20);
  }

  @Test
  void lowStrengthKeepsTheInitImageWhileTextToImageDrawsItsOwn() {
    RgbImage light = new OneShotGenerator(model, 16).generate(request(init, 0.3)).get(0).image();
    RgbImage fromText = new OneShotGenerator(model, 16).generate(request(null, 1.0)).get(0).image();

    double lightDiff = meanAbsDiff(light, init);
    double textDiff = meanAbsDiff(fromText, init);

    // Measured: about 3 for strength 0.3 (VAE round trip plus a little denoising), 22-38 for text-to-image.
    assertThat(lightDiff).as("strength 0.3 vs init (text-to-image: %.1f)", textDiff).isLessThan(8);
    assertThat(textDiff).as("text-to-image vs init").isGreaterThan(3 * lightDiff);
    ShapeMeasurement kept = ShapeMeasurement.of(light);
    assertThat(kept.centreX()).as("circle stays where the init image has it: %s", kept).isCloseTo(44, within(4.0));
    assertThat(kept.centreY()).as("circle stays where the init image has it: %s", kept).isCloseTo(44, within(4.0));
    assertThat(kept.boxWidth()).as("circle keeps its 40 px diameter: %s", kept).isBetween(36, 44);
  }

  @Test
  void initImageOnAModelWithoutVaeEncoderIsRejectedBeforeRunning(@TempDir Path tmp) throws Exception {
    Path noEncoder = tmp.resolve("no-encoder");
    BrokenModelFolderTest.copyTree(Path.of("../fixtures/tiny-sd15"), noEncoder);
    deleteTree(noEncoder.resolve("vae_encoder"));

    try (DiffusionModel withoutEncoder = DiffusionModel.load(noEncoder, RuntimeOptions.cpu())) {
      Optional<String> problem = withoutEncoder.check(GenerationRequest.builder("a fox").seed(1).steps(10)
          .scheduler(SchedulerKind.DDIM).size(128, 128).initImage(init, 0.5).build());

      assertThat(withoutEncoder.supportsInitImage()).isFalse();
      assertThat(problem).hasValueSatisfying(message -> assertThat(message)
          .contains("no-encoder").contains("has no vae_encoder")
          .contains("export the VAE encoder or drop the init image"));
      assertThat(withoutEncoder.check(request(null, 1.0))).as("text-to-image still works").isEmpty();
    }
  }

  /** A hard-edged circle in shapes-sd's red on its blue (see {@link ShapesSdSemanticTest}'s palette). */
  private static RgbImage redCircleOnBlue(int side, double centreX, double centreY, double radius) {
    byte[] rgb = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        boolean inside = Math.hypot(x + 0.5 - centreX, y + 0.5 - centreY) <= radius;
        int[] colour = inside ? new int[] {220, 28, 30} : new int[] {37, 70, 219};
        for (int c = 0; c < 3; c++) {
          rgb[(y * side + x) * 3 + c] = (byte) colour[c];
        }
      }
    }
    return new RgbImage(side, side, rgb);
  }

  private static double meanAbsDiff(RgbImage a, RgbImage b) {
    long sum = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      sum += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
    }
    return (double) sum / a.rgb().length;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
