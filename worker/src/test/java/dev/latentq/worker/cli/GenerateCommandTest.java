package dev.latentq.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

/**
 * {@code latentq generate} end to end on the tiny SD 1.5 fixture: files written, the summary line, the PNG
 * provenance text and the seed contract across job sizes. Two small jobs are shared by the tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenerateCommandTest {
  private static final String MODEL = "../fixtures/tiny-sd15";

  @TempDir
  static Path tmp;

  private Path pairDir;
  private CommandLineRun pair;
  private Path singleDir;
  private CommandLineRun single;

  @BeforeAll
  void generateTwoJobsWithTheSameSeed() {
    pairDir = tmp.resolve("pair");
    pair = CommandLineRun.of("generate", "--model", MODEL, "--prompt", "a red circle on a white background",
        "--negative-prompt", "blurry, low quality", "--seed", "7", "--steps", "4", "--guidance", "5",
        "--scheduler", "ddim", "--width", "64", "--height", "64", "--images", "2", "--out", pairDir.toString());
    singleDir = tmp.resolve("single");
    single = CommandLineRun.of("generate", "--model", MODEL, "--prompt", "a red circle on a white background",
        "--negative-prompt", "blurry, low quality", "--seed", "7", "--steps", "4", "--guidance", "5",
        "--scheduler", "ddim", "--width", "64", "--height", "64", "--out", singleDir.toString());
  }

  @Test
  void writesOnePngPerImageNamedByIndexAndExitsZero() throws IOException {
    assertThat(pair.exitCode()).as(pair.toString()).isZero();
    try (Stream<Path> files = Files.list(pairDir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("0.png", "1.png");
    }
    BufferedImage first = ImageIO.read(pairDir.resolve("0.png").toFile());
    assertThat(first.getWidth()).isEqualTo(64);
    assertThat(first.getHeight()).isEqualTo(64);
  }

  @Test
  void printsExactlyOneSummaryLineNamingTheJob() {
    assertThat(pair.outLines()).as(pair.toString()).hasSize(1);
    assertThat(pair.outLines().get(0))
        .startsWith("generated 2 images 64x64 with tiny-sd15 (ddim, 4 steps, guidance 5.0, seed 7) in ")
        .endsWith(pairDir.resolve("{0..1}.png").toString());
    assertThat(pair.errLines()).noneMatch(line -> line.startsWith("error"));
  }

  @Test
  void pngCarriesParametersInAutomatic1111Layout() throws IOException {
    List<String> lines = parameters(pairDir.resolve("1.png")).lines().toList();

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("a red circle on a white background");
    assertThat(lines.get(1)).isEqualTo("Negative prompt: blurry, low quality");
    assertThat(lines.get(2))
        .startsWith("Steps: 4, Sampler: DDIM, CFG scale: 5.0, Seed: 7, Size: 64x64, Model: tiny-sd15, ")
        .contains("Batch size: 2, Batch pos: 1");
  }

  @Test
  void parametersHaveNoNegativePromptLineWhenNoneIsGiven() throws IOException {
    Path out = tmp.resolve("no-negative");
    CommandLineRun run = CommandLineRun.of("generate", "--model", MODEL, "--prompt", "a fox", "--seed", "3",
        "--steps", "1", "--guidance", "0", "--scheduler", "euler", "--width", "64", "--height", "64",
        "--out", out.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> lines = parameters(out.resolve("0.png")).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("a fox");
    assertThat(lines.get(1))
        .startsWith("Steps: 1, Sampler: Euler, CFG scale: 0.0, Seed: 3, Size: 64x64, Model: tiny-sd15")
        .doesNotContain("Batch size");
  }

  @Test
  void firstImageOfATwoImageJobEqualsTheOneImageJobWithTheSameSeed() throws IOException {
    // numpy draws (n, 4, h, w) in order, so slice 0 of the n=2 draw is the n=1 draw; DDIM adds no noise later.
    assertThat(single.exitCode()).as(single.toString()).isZero();
    int[] fromPair = pixels(pairDir.resolve("0.png"));
    int[] alone = pixels(singleDir.resolve("0.png"));

    assertThat(fromPair).as("image 0 of 2 vs the only image").isEqualTo(alone);
    assertThat(pixels(pairDir.resolve("1.png"))).as("image 1 has its own noise").isNotEqualTo(alone);
  }

  @Test
  void drawsAndReportsASeedWhenNoneIsGiven() throws IOException {
    Path out = tmp.resolve("random-seed");
    CommandLineRun run = CommandLineRun.of("generate", "--model", MODEL, "--prompt", "a fox", "--steps", "1",
        "--guidance", "0", "--scheduler", "euler", "--width", "64", "--height", "64", "--out", out.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Matcher printed = Pattern.compile("seed (\\d+)\\)").matcher(run.out());
    assertThat(printed.find()).as(run.out()).isTrue();
    long seed = Long.parseLong(printed.group(1));
    assertThat(seed).isBetween(0L, 0xFFFF_FFFFL);
    assertThat(parameters(out.resolve("0.png"))).contains("Seed: " + seed + ",");
  }

  @Test
  void startsFromAnInitImageAtTheImagesOwnSize() throws IOException {
    Path out = tmp.resolve("img2img");
    CommandLineRun run = CommandLineRun.of("generate", "--model", MODEL, "--prompt", "a fox", "--seed", "5",
        "--steps", "4", "--guidance", "0", "--scheduler", "ddim",
        "--init-image", "../fixtures/tiny-sd15/inputs/init-d-128x96.png", "--strength", "0.5",
        "--out", out.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.outLines()).singleElement().asString().contains("128x96").contains("seed 5, strength 0.5)");
    BufferedImage written = ImageIO.read(out.resolve("0.png").toFile());
    assertThat(written.getWidth()).isEqualTo(128);
    assertThat(written.getHeight()).isEqualTo(96);
    assertThat(parameters(out.resolve("0.png"))).contains("Size: 128x96").contains("Denoising strength: 0.5");
  }

  /** The PNG's {@code parameters} text chunk, read with ImageIO's own PNG metadata. */
  static String parameters(Path png) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
      try {
        reader.setInput(in);
        IIOMetadata metadata = reader.getImageMetadata(0);
        Node root = metadata.getAsTree("javax_imageio_png_1.0");
        for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
          if (!chunk.getNodeName().equals("tEXt")) {
            continue;
          }
          for (Node entry = chunk.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
            Node keyword = entry.getAttributes().getNamedItem("keyword");
            if (keyword != null && keyword.getNodeValue().equals("parameters")) {
              return entry.getAttributes().getNamedItem("value").getNodeValue();
            }
          }
        }
      } finally {
        reader.dispose();
      }
    }
    throw new AssertionError(png + " has no tEXt chunk 'parameters'");
  }

  private static int[] pixels(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
