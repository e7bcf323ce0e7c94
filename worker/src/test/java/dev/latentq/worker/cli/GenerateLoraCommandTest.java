package dev.latentq.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --lora}: a stacked kohya + LoCon case of {@code cases-lora.json} reproduced through the command
 * line, and bad LoRA arguments rejected with one line and exit code 2.
 */
class GenerateLoraCommandTest {
  private static final Path MODEL = Path.of("../fixtures/tiny-sd15-optimum");

  @TempDir
  Path tmp;

  @Test
  void reproducesTheStackedLoraCase() throws IOException {
    // Case lora-dpmpp_2m-ab: a.safetensors at 0.7 and b.safetensors at 0.6 (given in the other order).
    CommandLineRun run = CommandLineRun.of("generate", "--model", MODEL.toString(),
        "--prompt", "two cats & a dog: playing in the snow", "--seed", "2024", "--steps", "12", "--guidance", "7.5",
        "--scheduler", "dpmpp_2m", "--width", "128", "--height", "128",
        "--lora", MODEL.resolve("loras/b.safetensors") + ":0.6", "--lora", MODEL.resolve("loras/a.safetensors") + ":0.7",
        "--out", tmp.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.outLines().get(0)).contains("LoRA a.safetensors:0.7, b.safetensors:0.6");
    BufferedImage actual = ImageIO.read(tmp.resolve("0.png").toFile());
    BufferedImage expected = ImageIO.read(MODEL.resolve("expected/lora-dpmpp_2m-ab-0.png").toFile());
    long sum = 0;
    long within2 = 0;
    int values = 0;
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        int a = actual.getRGB(x, y);
        int e = expected.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          int d = Math.abs(((a >> shift) & 0xFF) - ((e >> shift) & 0xFF));
          sum += d;
          within2 += d <= 2 ? 1 : 0;
          values++;
        }
      }
    }
    assertThat((double) sum / values).as("mean |diff| in 1/255").isLessThanOrEqualTo(0.5);
    assertThat((double) within2 / values).as("share within 2/255").isGreaterThanOrEqualTo(0.995);
  }

  @Test
  void aMissingLoraFileExitsTwoWithOneLineNamingIt() {
    Path missing = tmp.resolve("nope.safetensors");
    CommandLineRun run = CommandLineRun.of("generate", "--model", MODEL.toString(), "--prompt", "x",
        "--lora", missing + ":0.5", "--out", tmp.resolve("out").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("error: --lora " + missing + ":0.5").contains("does not exist");
  }

  @Test
  void aFileThatIsNotSafetensorsExitsTwo() throws IOException {
    Path junk = Files.writeString(tmp.resolve("junk.safetensors"), "this is not a LoRA");
    CommandLineRun run = CommandLineRun.of("generate", "--model", MODEL.toString(), "--prompt", "x",
        "--lora", junk.toString(), "--out", tmp.resolve("out").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).contains("not a valid safetensors file");
  }

  @Test
  void aLoraTheModelCannotTakeExitsTwoWithTheFix() {
    CommandLineRun run = CommandLineRun.of("generate", "--model", "../fixtures/tiny-sd15", "--prompt", "x",
        "--steps", "1", "--lora", MODEL.resolve("loras/a.safetensors").toString(), "--out", tmp.resolve("out").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).contains("cannot take LoRAs").contains("optimum-cli export onnx");
  }
}
