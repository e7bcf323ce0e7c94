package dev.latentq.engine.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compares {@link PngEncoder} with {@code ImageIO.write(image, "png", out)} on a synthetic diffusion-like image,
 * printing both file sizes at tear-down.
 *
 * <p>Run: {@code bin/bench PngEncodeBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PngEncodeBenchmark {

  @Param({"512", "1024"})
  public int size;

  private RgbImage image;
  private BufferedImage bufferedImage;
  private PngEncoder encoder;
  private ByteArrayOutputStream imageIoOut;

  @Setup
  public void setUp() {
    image = SyntheticImages.diffusionLike(size, size, 42);
    bufferedImage = BufferedImages.toBufferedImage(image);
    encoder = new PngEncoder();
    imageIoOut = new ByteArrayOutputStream(4 * size * size);
  }

  @TearDown
  public void tearDown() throws IOException {
    imageIoOut.reset();
    ImageIO.write(bufferedImage, "png", imageIoOut);
    System.out.printf("%nPNG bytes at %dx%d: latentq %d, ImageIO %d (raw RGB %d)%n", size, size,
        encoder.encode(image).length, imageIoOut.size(), image.rgb().length);
    encoder.close();
  }

  @Benchmark
  public byte[] latentq() {
    return encoder.encode(image);
  }

  @Benchmark
  public int imageIo() throws IOException {
    imageIoOut.reset();
    ImageIO.write(bufferedImage, "png", imageIoOut);
    return imageIoOut.size();
  }
}
