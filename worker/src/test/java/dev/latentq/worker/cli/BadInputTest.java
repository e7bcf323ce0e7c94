package dev.latentq.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on the command line: exit status 2, nothing on stdout, no image written, and exactly one line on
 * stderr that names the problem and the fix (scripts parse it; no usage dump, no log lines, no stack trace).
 */
class BadInputTest {
  private static final String MODEL = "../fixtures/tiny-sd15";

  @TempDir
  Path tmp;

  /**
   * @param args after {@code generate --prompt "a fox" --out <tmp>/out}; {@code {tmp}} stands for the temp dir
   * @param mentions fragments the error line must contain: the problem and the fix
   */
  record Case(String name, List<String> args, List<String> mentions) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> badGenerateInput() {
    return Stream.of(
        new Case("missing model folder", List.of("--model", "{tmp}/no-such-model"),
            List.of("no-such-model", "does not exist", "--model")),
        new Case("folder without model_index.json", List.of("--model", "{tmp}/empty"),
            List.of("model_index.json is missing", "diffusers-layout")),
        new Case("unknown scheduler", List.of("--model", MODEL, "--scheduler", "heun"),
            List.of("--scheduler", "'heun'", SchedulerKind.validNames())),
        new Case("width not a multiple of 8", List.of("--model", MODEL, "--width", "100"),
            List.of("--width 100 is not a multiple of 8", "96 or 104")),
        new Case("width the model's U-Net cannot take", List.of("--model", MODEL, "--width", "72"),
            List.of("size 72x", "not supported by model tiny-sd15", "multiples of 16", "e.g. 80x")),
        new Case("zero steps", List.of("--model", MODEL, "--steps", "0"),
            List.of("--steps 0 is out of range", "1..1000")),
        new Case("too many steps", List.of("--model", MODEL, "--steps", "100000"),
            List.of("--steps 100000 is out of range", "1..1000")),
        new Case("negative seed", List.of("--model", MODEL, "--seed", "-1"),
            List.of("--seed -1 is out of range", "0..4294967295")),
        new Case("seed beyond numpy's range", List.of("--model", MODEL, "--seed", "4294967296"),
            List.of("--seed 4294967296 is out of range", "0..4294967295")),
        new Case("init image that is not an image", List.of("--model", MODEL, "--init-image", "{tmp}/x.png"),
            List.of("--init-image", "x.png", "PNG or JPEG")),
        new Case("missing init image", List.of("--model", MODEL, "--init-image", "{tmp}/absent.png"),
            List.of("--init-image", "absent.png", "does not exist")),
        new Case("init image of another size than requested", List.of("--model", MODEL, "--init-image",
            "../fixtures/tiny-sd15/inputs/init-d-128x96.png", "--width", "128", "--height", "128"),
            List.of("init-d-128x96.png is 128x96", "ask for 128x128", "drop --width/--height",
                "resize the image")),
        new Case("mask without init image", List.of("--model", MODEL, "--mask",
            "../fixtures/tiny-sd15/inputs/mask-rect-128x128.png"), List.of("--mask needs --init-image")),
        new Case("mask of another size than the init image", List.of("--model", MODEL, "--init-image",
            "../fixtures/tiny-sd15/inputs/init-d-128x96.png", "--mask",
            "../fixtures/tiny-sd15/inputs/mask-rect-128x128.png"),
            List.of("--mask", "mask-rect-128x128.png is 128x128", "init-d-128x96.png is 128x96",
                "use a mask of the image's size")),
        new Case("mask that is not an image", List.of("--model", MODEL, "--init-image",
            "../fixtures/tiny-sd15/inputs/init-a-128x128.png", "--mask", "{tmp}/x.png"),
            List.of("cannot read --mask", "x.png", "PNG or JPEG")),
        new Case("text-to-image on an inpainting model", List.of("--model", "../fixtures/tiny-sd15-inpaint"),
            List.of("tiny-sd15-inpaint is an inpainting model", "needs an init image and a mask")),
        new Case("strength without init image", List.of("--model", MODEL, "--strength", "0.5"),
            List.of("--strength needs --init-image")),
        new Case("strength out of range", List.of("--model", MODEL, "--init-image", "{tmp}/x.png",
            "--strength", "1.5"), List.of("--strength 1.5 is out of range", "(0, 1]")),
        new Case("unknown option", List.of("--model", MODEL, "--colour", "red"),
            List.of("Unknown option", "'--colour'", "latentq generate --help")),
        new Case("option value of the wrong type", List.of("--model", MODEL, "--steps", "many"),
            List.of("'--steps'", "'many' is not an int", "latentq generate --help")),
        new Case("missing required option", List.of(),
            List.of("Missing required option", "--model", "latentq generate --help")),
        new Case("unknown provider", List.of("--model", MODEL, "--provider", "tpu"),
            List.of("--provider", "'tpu'", "cpu, cuda, tensorrt")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badGenerateInput")
  void generateRejectsBadInputInOneLineWithStatusTwo(Case c) throws IOException {
    Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(tmp.resolve("x.png"), "not an image\n");
    Path out = tmp.resolve("out");
    List<String> args = new ArrayList<>(List.of("generate", "--prompt", "a fox", "--out", out.toString()));
    c.args().forEach(a -> args.add(a.replace("{tmp}", tmp.toString())));

    CommandLineRun run = CommandLineRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).singleElement().asString()
        .startsWith("error: ").contains(c.mentions());
    assertThat(run.out()).isEmpty();
    assertThat(out).doesNotExist();
  }

  @Test
  void maskOnAModelWithoutVaeEncoderNamesTheMissingEncoderInOneLine() throws IOException {
    Path model = tmp.resolve("no-encoder");
    try (Stream<Path> files = Files.walk(Path.of(MODEL))) {
      for (Path file : files.toList()) {
        Path relative = Path.of(MODEL).relativize(file);
        if (!relative.startsWith("vae_encoder")) {
          Files.copy(file, model.resolve(relative.toString()));
        }
      }
    }
    Path out = tmp.resolve("out");

    CommandLineRun run = CommandLineRun.of("generate", "--model", model.toString(), "--prompt", "a fox",
        "--init-image", MODEL + "/inputs/init-a-128x128.png", "--mask", MODEL + "/inputs/mask-rect-128x128.png",
        "--steps", "2", "--out", out.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).singleElement().asString()
        .startsWith("error: ").contains("no-encoder has no vae_encoder", "cannot inpaint",
            "export the VAE encoder or drop the mask");
    assertThat(out).doesNotExist();
  }

  @Test
  void gpuProviderOnTheCpuOnlyBuildSaysTheGpuRuntimeIsNeeded() {
    assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "this ONNX Runtime has CUDA compiled in; the message under test is the CPU-only build's");
    Path out = tmp.resolve("out");

    CommandLineRun run = CommandLineRun.of("generate", "--model", MODEL, "--prompt", "a fox", "--provider", "cuda",
        "--out", out.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).singleElement().asString()
        .startsWith("error: ")
        .contains("cuda", "GPU build of ONNX Runtime", "CPU-only", "./mvnw -Pgpu package", "--provider cpu");
    assertThat(out).doesNotExist();
  }

  @Test
  void unknownSubcommandIsRejectedInOneLine() {
    CommandLineRun run = CommandLineRun.of("paint", "--prompt", "a fox");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).singleElement().asString()
        .startsWith("error: ").contains("paint").contains("latentq --help");
    assertThat(run.out()).isEmpty();
  }
}
