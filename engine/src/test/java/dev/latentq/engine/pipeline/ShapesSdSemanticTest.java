package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End-to-end semantics on the default model, {@code models/shapes-sd}: with a fresh seed each run, the PNG shows
 * what the prompt asks for — background colour, shape colour and shape, all measured from the pixels. A wrong
 * tokenizer, text encoder, guidance or scheduler yields the wrong colours or no shape at all.
 *
 * <p>Seeds are drawn anew on every run (the model is trained to get every seed right); each assertion message
 * carries its seed so a failure can be reproduced with {@code latentq generate --seed}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShapesSdSemanticTest {
  private static final Path SHAPES_SD = Path.of("../models/shapes-sd");
  private static final SecureRandom SEEDS = new SecureRandom();

  /**
   * The colours shapes-sd draws, measured as the per-channel median over 168 images (every shape on every pair of
   * distinct colours, random seeds, DDIM 20 steps, guidance 5): each image's colours were within about 20 (at most
   * 33) per channel of these, and all 168 were nearest to the named colour.
   */
  private static final Map<String, int[]> PALETTE = Map.of(
      "red", new int[] {220, 28, 30},
      "green", new int[] {28, 156, 60},
      "blue", new int[] {37, 70, 219},
      "yellow", new int[] {239, 217, 42},
      "purple", new int[] {140, 51, 167},
      "orange", new int[] {244, 139, 30},
      "white", new int[] {244, 244, 248},
      "black", new int[] {19, 15, 21});

  private DiffusionModel model;

  @BeforeAll
  void loadModel() {
    model = DiffusionModel.load(SHAPES_SD, RuntimeOptions.cpu());
  }

  @AfterAll
  void closeModel() throws Exception {
    model.close();
  }

  record Prompt(String shapeColour, String shape, String background) {
    String text() {
      // The README's template, verbatim ("a orange" included): it is what the model was trained on.
      return "a " + shapeColour + " " + shape + " on a " + background + " background";
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /** Every colour once as a shape and once as a background; each shape three times. */
  static Stream<Prompt> prompts() {
    return Stream.of(
        new Prompt("red", "circle", "blue"),
        new Prompt("green", "square", "white"),
        new Prompt("blue", "triangle", "yellow"),
        new Prompt("yellow", "circle", "purple"),
        new Prompt("purple", "square", "orange"),
        new Prompt("orange", "triangle", "black"),
        new Prompt("white", "triangle", "green"),
        new Prompt("black", "circle", "red"),
        new Prompt("yellow", "square", "black"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prompts")
  void drawsTheNamedShapeInTheNamedColoursForAnySeed(Prompt prompt) {
    long seed = SEEDS.nextLong(GenerationRequest.MAX_SEED + 1);
    GenerationRequest request = GenerationRequest.builder(prompt.text()).seed(seed).steps(20).guidanceScale(5.0)
        .scheduler(SchedulerKind.DDIM).size(128, 128).build();

    ShapeMeasurement measured = ShapeMeasurement.of(new OneShotGenerator(model, 16).generate(request).get(0).image());

    String context = String.format(Locale.ROOT, "'%s' with seed %d: %s", prompt.text(), seed, measured);
    assertThat(nearestColour(measured.background())).as("background of " + context).isEqualTo(prompt.background());
    assertThat(nearestColour(measured.shape())).as("shape colour of " + context).isEqualTo(prompt.shapeColour());
    assertThat(measured.area()).as("a shape of at least 1% of the image in " + context).isGreaterThan(164);
    // Soft edges round the corners: squares fill ~0.92-0.98 of their box, triangles ~0.52-0.61, circles ~0.75-0.81.
    switch (prompt.shape()) {
      case "circle" -> {
        assertThat(measured.fillRatio()).as("circle (pi/4) fill in " + context).isBetween(0.70, 0.86);
        assertThat(measured.aspect()).as("round, not stretched, in " + context).isBetween(0.85, 1.15);
      }
      case "square" -> {
        assertThat(measured.fillRatio()).as("square fill in " + context).isGreaterThan(0.88);
        assertThat(measured.aspect()).as("square aspect in " + context).isBetween(0.85, 1.15);
      }
      case "triangle" -> {
        assertThat(measured.fillRatio()).as("triangle (1/2) fill in " + context).isLessThan(0.66);
        // Upright and about equilateral: wider than tall (2/sqrt(3) = 1.155).
        assertThat(measured.aspect()).as("triangle aspect in " + context).isBetween(1.05, 1.40);
      }
      default -> throw new IllegalArgumentException(prompt.shape());
    }
  }

  private static String nearestColour(int[] rgb) {
    String best = null;
    long bestDistance = Long.MAX_VALUE;
    for (Map.Entry<String, int[]> entry : PALETTE.entrySet()) {
      long d = 0;
      for (int c = 0; c < 3; c++) {
        long diff = rgb[c] - entry.getValue()[c];
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = entry.getKey();
      }
    }
    return best;
  }
}
