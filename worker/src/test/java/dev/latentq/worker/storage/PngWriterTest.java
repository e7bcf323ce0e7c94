package dev.latentq.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.image.RgbImage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PngWriterTest {

  private static final int THREADS = 3;

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Throwable {
    Futures.await(vertx.close());
  }

  @Test
  void encodesManyImagesInParallelIntoDecodablePngs() throws Throwable {
    List<RgbImage> images = IntStream.range(0, 24).mapToObj(i -> noise(40 + i * 7, 30 + i * 3, i)).toList();
    try (PngWriter writer = new PngWriter(vertx, THREADS)) {
      List<Future<byte[]>> encoded = images.stream().map(image -> writer.encode(image, Map.of())).toList();

      Futures.await(Future.all(encoded));

      for (int i = 0; i < images.size(); i++) {
        assertThat(decode(encoded.get(i).result())).as("image %d", i).isEqualTo(images.get(i));
      }
      assertThat(writer.encodersCreated()).isBetween(1, THREADS);
    }
  }

  @Test
  void writesTextChunksInTheGivenOrder() throws Throwable {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("parameters", "a red fox, Steps: 20, Seed: 42");
    text.put("job-id", "job-42");
    try (PngWriter writer = new PngWriter(vertx, THREADS)) {
      byte[] png = Futures.await(writer.encode(noise(8, 8, 1), text));

      String latin1 = new String(png, StandardCharsets.ISO_8859_1);
      int parameters = latin1.indexOf("tEXtparameters\0a red fox, Steps: 20, Seed: 42");
      int jobId = latin1.indexOf("tEXtjob-id\0job-42");
      assertThat(parameters).isPositive();
      assertThat(jobId).isGreaterThan(parameters).isLessThan(latin1.indexOf("IDAT"));
    }
  }

  @Test
  void invalidTextFailsTheFutureWithTheEncodersMessage() {
    try (PngWriter writer = new PngWriter(vertx, THREADS)) {
      Throwable failure = Futures.failure(writer.encode(noise(2, 2, 1), Map.of("", "empty key")));

      assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PNG text key");
    }
  }

  @Test
  void encodingAfterCloseFailsClearly() {
    PngWriter writer = new PngWriter(vertx, THREADS);
    writer.close();

    Throwable failure = Futures.failure(writer.encode(noise(2, 2, 1), Map.of()));

    assertThat(failure).hasMessageContaining("closed");
  }

  private static RgbImage noise(int width, int height, long seed) {
    byte[] rgb = new byte[RgbImage.byteCount(width, height)];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) random.nextInt(256);
    }
    return new RgbImage(width, height, rgb);
  }

  private static RgbImage decode(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    byte[] rgb = new byte[RgbImage.byteCount(image.getWidth(), image.getHeight())];
    int i = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int pixel = image.getRGB(x, y);
        rgb[i++] = (byte) (pixel >> 16);
        rgb[i++] = (byte) (pixel >> 8);
        rgb[i++] = (byte) pixel;
      }
    }
    return new RgbImage(image.getWidth(), image.getHeight(), rgb);
  }
}
