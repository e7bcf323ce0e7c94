package dev.latentq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitImageReaderTest {

  @TempDir
  Path dir;

  @Test
  void readsRgbPngsExactly() throws IOException {
    RgbImage image = SyntheticImages.noise(13, 9, 1);
    Path file = dir.resolve("init.png");
    try (PngEncoder encoder = new PngEncoder()) {
      Files.write(file, encoder.encode(image));
    }

    assertThat(InitImageReader.read(file)).isEqualTo(image);
  }

  @Test
  void refusesAnImageWhoseHeaderDeclaresMorePixelsThanAllowedBeforeDecodingIt() throws IOException {
    byte[] png;
    try (PngEncoder encoder = new PngEncoder()) {
      png = encoder.encode(SyntheticImages.noise(8, 8, 1));
    }
    // A small file that declares 20000x20000 pixels: decoding it would allocate gigabytes.
    byte[] bomb = withDeclaredSize(png, 20_000, 20_000);

    assertThatThrownBy(() -> InitImageReader.decode(bomb, "bomb.png", 4096L * 4096L))
        .isInstanceOf(InitImageReader.ImageTooLargeException.class)
        .hasMessageContaining("declares 20000x20000 pixels, over the limit of 16777216");
    assertThatThrownBy(() -> InitImageReader.decode(png, "small.png", 63))
        .isInstanceOf(InitImageReader.ImageTooLargeException.class);
    assertThat(InitImageReader.decode(png, "small.png", 64).width()).isEqualTo(8);
  }

  /** The PNG with its IHDR width and height replaced (and the chunk's CRC fixed), pixel data unchanged. */
  private static byte[] withDeclaredSize(byte[] png, int width, int height) {
    byte[] copy = png.clone();
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(copy);
    buffer.putInt(16, width).putInt(20, height);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(copy, 12, 17);
    buffer.putInt(29, (int) crc.getValue());
    return copy;
  }

  @Test
  void readsGreyPngsAsEqualChannels() throws IOException {
    Path file = TestImageFiles.write(TestImageFiles.grey(0, 77, 255), "png", dir.resolve("grey.png"));

    assertThat(InitImageReader.read(file).rgb())
        .containsExactly(0, 0, 0, 77, 77, 77, (byte) 255, (byte) 255, (byte) 255);
  }

  @Test
  void readsPalettedPngsThroughTheirPalette() throws IOException {
    Path file = TestImageFiles.write(
        TestImageFiles.paletted(new int[] {0xFF102030, 0xFFF0E0D0}, 1, 0), "png", dir.resolve("palette.png"));
    assertThat(colourType(file)).isEqualTo(3);

    assertThat(InitImageReader.read(file).rgb())
        .containsExactly((byte) 0xF0, (byte) 0xE0, (byte) 0xD0, 0x10, 0x20, 0x30);
  }

  @Test
  void readsSixteenBitPngsKeepingTheHighByte() throws IOException {
    Path rgbFile = TestImageFiles.write(
        TestImageFiles.rgb16(new int[][] {{0xABCD, 0x0100, 0xFFFF}}), "png", dir.resolve("rgb16.png"));
    Path greyFile = TestImageFiles.write(TestImageFiles.grey16(0x80FF), "png", dir.resolve("grey16.png"));
    assertThat(bitDepth(rgbFile)).isEqualTo(16);
    assertThat(bitDepth(greyFile)).isEqualTo(16);

    assertThat(InitImageReader.read(rgbFile).rgb()).containsExactly((byte) 0xAB, 0x01, (byte) 0xFF);
    assertThat(InitImageReader.read(greyFile).rgb()).containsExactly((byte) 0x80, (byte) 0x80, (byte) 0x80);
  }

  @Test
  void dropsAlphaFromRgbaPngs() throws IOException {
    BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x20405060);
    Path file = TestImageFiles.write(argb, "png", dir.resolve("rgba.png"));

    assertThat(InitImageReader.read(file).rgb()).containsExactly(0x40, 0x50, 0x60);
  }

  @Test
  void readsJpegs() throws IOException {
    Path file = TestImageFiles.write(TestImageFiles.uniform(24, 16, 0xC86432), "jpg", dir.resolve("photo.jpg"));

    RgbImage image = InitImageReader.read(file);

    assertThat(image.width()).isEqualTo(24);
    assertThat(image.height()).isEqualTo(16);
    assertThat(image.sample(5, 5, 0)).isCloseTo(200, within(3));
    assertThat(image.sample(5, 5, 1)).isCloseTo(100, within(3));
    assertThat(image.sample(5, 5, 2)).isCloseTo(50, within(3));
  }

  @Test
  void resizesToTheRequestedSizeWhenItDiffers() throws IOException {
    Path file = TestImageFiles.write(TestImageFiles.uniform(40, 30, 0x336699), "png", dir.resolve("small.png"));

    RgbImage image = InitImageReader.read(file, 64, 48);

    assertThat(image.width()).isEqualTo(64);
    assertThat(image.height()).isEqualTo(48);
    assertThat(new int[] {image.sample(63, 47, 0), image.sample(63, 47, 1), image.sample(63, 47, 2)})
        .containsExactly(0x33, 0x66, 0x99);
  }

  @Test
  void leavesImagesAtTheRequestedSizeUntouched() throws IOException {
    RgbImage image = SyntheticImages.noise(16, 8, 6);
    Path file = dir.resolve("exact.png");
    try (PngEncoder encoder = new PngEncoder()) {
      Files.write(file, encoder.encode(image));
    }

    assertThat(InitImageReader.read(file, 16, 8)).isEqualTo(image);
  }

  @Test
  void namesTheFileAndTheFixWhenTheContentIsNotAnImage() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.png"), "not an image", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> InitImageReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("send a PNG or JPEG");
  }

  @Test
  void namesTheFileWhenAPngIsTruncated() throws IOException {
    byte[] png;
    try (PngEncoder encoder = new PngEncoder()) {
      png = encoder.encode(SyntheticImages.noise(64, 64, 1));
    }
    Path file = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));

    assertThatThrownBy(() -> InitImageReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("corrupt, truncated");
  }

  @Test
  void namesTheMissingFile() {
    Path missing = dir.resolve("absent.png");

    assertThatThrownBy(() -> InitImageReader.read(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void decodesBytesNamingTheSourceOnFailure() {
    assertThatThrownBy(() -> InitImageReader.decode(new byte[] {1, 2, 3}, "s3://bucket/job-7/init"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("s3://bucket/job-7/init");
  }

  private static int bitDepth(Path png) throws IOException {
    return PngChunks.parse(Files.readAllBytes(png)).get(0).data()[8];
  }

  private static int colourType(Path png) throws IOException {
    return PngChunks.parse(Files.readAllBytes(png)).get(0).data()[9];
  }
}
