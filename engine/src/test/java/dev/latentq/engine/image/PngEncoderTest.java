package dev.latentq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class PngEncoderTest {

  private final PngEncoder encoder = new PngEncoder();

  @AfterEach
  void closeEncoder() {
    encoder.close();
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "1, 7", "7, 1", "2, 3", "17, 5", "33, 100", "513, 257", "12000, 3"})
  void diffusionLikeImagesDecodeIdenticallyWithImageIo(int width, int height) throws IOException {
    RgbImage image = SyntheticImages.diffusionLike(width, height, 11);

    assertThat(decodeWithImageIo(encoder.encode(image))).isEqualTo(image);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "3, 2", "64, 64", "301, 199"})
  void noiseImagesDecodeIdenticallyWithImageIo(int width, int height) throws IOException {
    RgbImage image = SyntheticImages.noise(width, height, 5);

    assertThat(decodeWithImageIo(encoder.encode(image))).isEqualTo(image);
  }

  @Test
  void extremeValuesSurviveTheRoundTrip() throws IOException {
    byte[] rgb = new byte[4 * 4 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) ((i * 7 % 3 == 0) ? 255 : 0);
    }
    RgbImage image = new RgbImage(4, 4, rgb);

    assertThat(decodeWithImageIo(encoder.encode(image))).isEqualTo(image);
  }

  @Test
  void reusedEncoderProducesIdenticalBytes() {
    RgbImage big = SyntheticImages.diffusionLike(300, 200, 1);
    RgbImage small = SyntheticImages.diffusionLike(10, 10, 2);

    byte[] first = encoder.encode(big);
    encoder.encode(small);
    byte[] again = encoder.encode(big);

    assertThat(again).isEqualTo(first);
  }

  @Test
  void writesHeaderForEightBitRgbAndOneImageDataChunk() {
    byte[] png = encoder.encode(SyntheticImages.diffusionLike(640, 360, 3));

    List<PngChunks.Chunk> chunks = PngChunks.parse(png);
    assertThat(chunks).extracting(PngChunks.Chunk::type).containsExactly("IHDR", "IDAT", "IEND");
    ByteBuffer header = ByteBuffer.wrap(chunks.get(0).data());
    assertThat(header.getInt()).isEqualTo(640);
    assertThat(header.getInt()).isEqualTo(360);
    assertThat(new byte[] {header.get(), header.get(), header.get(), header.get(), header.get()})
        .containsExactly(8, 2, 0, 0, 0);
    assertThat(chunks.get(2).data()).isEmpty();
  }

  @Test
  void everyRowUsesThePaethFilter() throws DataFormatException {
    int width = 50;
    int height = 40;
    byte[] png = encoder.encode(SyntheticImages.diffusionLike(width, height, 4));

    byte[] inflated = inflate(PngChunks.parse(png).get(1).data(), height * (3 * width + 1));

    for (int y = 0; y < height; y++) {
      assertThat(inflated[y * (3 * width + 1)]).as("filter type of row %d", y).isEqualTo((byte) 4);
    }
  }

  @Test
  void compressesDiffusionLikeImagesWellBelowRawSize() {
    RgbImage image = SyntheticImages.diffusionLike(512, 512, 42);

    byte[] png = encoder.encode(image);

    assertThat(png.length).isLessThan(image.rgb().length * 6 / 10);
  }

  @Test
  void writesLatin1TextAsTextChunksBeforeImageDataInMapOrder() {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("parameters", "a café at dusk\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1");
    text.put("Software", "LatentQ");

    byte[] png = encoder.encode(SyntheticImages.diffusionLike(8, 8, 1), text);

    List<PngChunks.Chunk> chunks = PngChunks.parse(png);
    assertThat(chunks).extracting(PngChunks.Chunk::type).containsExactly("IHDR", "tEXt", "tEXt", "IDAT", "IEND");
    assertThat(chunks.get(1).data()).isEqualTo(latin1("parameters\0a café at dusk\n"
        + "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1"));
    assertThat(chunks.get(2).data()).isEqualTo(latin1("Software\0LatentQ"));
  }

  @Test
  void writesTextBeyondLatin1AsUncompressedUtf8InternationalTextChunk() {
    String value = "猫 in a spacesuit, 🚀, masterpiece";

    byte[] png = encoder.encode(SyntheticImages.diffusionLike(8, 8, 1), Map.of("parameters", value));

    PngChunks.Chunk chunk = PngChunks.parse(png).get(1);
    assertThat(chunk.type()).isEqualTo("iTXt");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(latin1("parameters"));
    expected.writeBytes(new byte[] {0, 0, 0, 0, 0}); // separator, no compression, method, empty language, empty key
    expected.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    assertThat(chunk.data()).isEqualTo(expected.toByteArray());
  }

  @Test
  void imageIoReadsBackBothKindsOfTextChunks() throws IOException {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("parameters", "portrait, 85mm");
    text.put("Comment", "Ωmega");

    byte[] png = encoder.encode(SyntheticImages.diffusionLike(8, 8, 1), text);

    assertThat(textEntriesSeenByImageIo(png))
        .containsExactlyInAnyOrder("tEXt parameters=portrait, 85mm", "iTXt Comment=Ωmega");
  }

  @Test
  void acceptsEmptyValuesAndSeventyNineCharacterKeys() {
    String key = "k".repeat(79);

    byte[] png = encoder.encode(SyntheticImages.diffusionLike(2, 2, 1), Map.of(key, ""));

    assertThat(PngChunks.parse(png).get(1).data()).isEqualTo(latin1(key + "\0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a\0b", "ключ"})
  void rejectsInvalidKeysNamingTheRule(String key) {
    RgbImage image = SyntheticImages.diffusionLike(2, 2, 1);

    assertThatThrownBy(() -> encoder.encode(image, Map.of(key, "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 79 Latin-1 characters without NUL");
  }

  @Test
  void rejectsKeysLongerThanSeventyNineCharacters() {
    RgbImage image = SyntheticImages.diffusionLike(2, 2, 1);

    assertThatThrownBy(() -> encoder.encode(image, Map.of("k".repeat(80), "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 79");
  }

  @Test
  void rejectsValuesContainingNul() {
    RgbImage image = SyntheticImages.diffusionLike(2, 2, 1);

    assertThatThrownBy(() -> encoder.encode(image, Map.of("parameters", "a\0b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'parameters'")
        .hasMessageContaining("NUL");
  }

  @Test
  void rejectedMetadataLeavesTheEncoderUsable() throws IOException {
    RgbImage image = SyntheticImages.diffusionLike(20, 10, 1);
    assertThatThrownBy(() -> encoder.encode(image, Map.of("", "v"))).isInstanceOf(IllegalArgumentException.class);

    assertThat(decodeWithImageIo(encoder.encode(image))).isEqualTo(image);
  }

  @Test
  void streamVariantWritesTheSameBytes() throws IOException {
    RgbImage image = SyntheticImages.diffusionLike(30, 20, 9);
    Map<String, String> text = Map.of("parameters", "x");
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    encoder.encode(image, text, sink);

    assertThat(sink.toByteArray()).isEqualTo(encoder.encode(image, text));
  }

  private static RgbImage decodeWithImageIo(byte[] png) throws IOException {
    return BufferedImages.toRgbImage(ImageIO.read(new ByteArrayInputStream(png)));
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] inflate(byte[] zlib, int expectedLength) throws DataFormatException {
    Inflater inflater = new Inflater();
    inflater.setInput(zlib);
    byte[] out = new byte[expectedLength + 1];
    int n = inflater.inflate(out);
    assertThat(inflater.finished()).isTrue();
    assertThat(n).isEqualTo(expectedLength);
    inflater.end();
    return out;
  }

  private static List<String> textEntriesSeenByImageIo(byte[] png) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      IIOMetadata metadata = reader.getImageMetadata(0);
      Node root = metadata.getAsTree("javax_imageio_png_1.0");
      List<String> entries = new ArrayList<>();
      for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
        for (Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
          Element entry = (Element) e;
          if (n.getNodeName().equals("tEXt")) {
            entries.add("tEXt " + entry.getAttribute("keyword") + "=" + entry.getAttribute("value"));
          } else if (n.getNodeName().equals("iTXt")) {
            entries.add("iTXt " + entry.getAttribute("keyword") + "=" + entry.getAttribute("text"));
          }
        }
      }
      reader.dispose();
      return entries;
    }
  }
}
