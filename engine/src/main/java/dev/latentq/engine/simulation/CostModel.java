package dev.latentq.engine.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulated accelerator charges per call: U-Net, VAE decoder and text encoder latency curves measured at
 * one latent size. Calls at another latent size scale with the latent area (compute-bound convolutions and
 * attention over more tokens; an approximation). Immutable.
 *
 * @param latentSize latent side the curves were measured at (64 for 512x512 images)
 * @param latentMultiple what latent sides must be a multiple of for the simulated U-Net, as for the real one it
 *     stands for (8 for SD 1.5's three downsampling blocks, so images in multiples of 64); 1 takes any size
 */
public record CostModel(String name, int latentSize, CostCurve unet, CostCurve vaeDecoder, CostCurve textEncoder,
    int latentMultiple) {
  public CostModel {
    if (latentMultiple < 1) {
      throw new IllegalArgumentException("latentMultiple must be >= 1, got " + latentMultiple);
    }
  }

  /** A cost model whose simulated U-Net takes latents of any size. */
  public CostModel(String name, int latentSize, CostCurve unet, CostCurve vaeDecoder, CostCurve textEncoder) {
    this(name, latentSize, unet, vaeDecoder, textEncoder, 1);
  }

  /** Cost models shipped in the jar, by name. */
  public static final String[] BUILT_IN = {"h100-sd15-graph", "h100-sd15-eager"};

  /**
   * Calls that take a microsecond at any batch size: the batching, scheduling and delivery code runs for real while
   * the simulated accelerator costs nothing — for fast tests of everything around the model.
   */
  public static CostModel nearlyFree() {
    CostCurve microsecond = new CostCurve(Map.of(1, 0.001));
    return new CostModel("nearly-free", 64, microsecond, microsecond, microsecond);
  }

  /**
   * A built-in model by name ({@link #BUILT_IN}) or a YAML/JSON file with {@code name}, {@code latentSize} and the
   * {@code unet}, {@code vaeDecoder}, {@code textEncoder} maps of batch size to milliseconds, and optionally
   * {@code latentMultiple} (default 1).
   */
  public static CostModel load(String nameOrPath) {
    for (String builtIn : BUILT_IN) {
      if (builtIn.equals(nameOrPath)) {
        try (InputStream in = CostModel.class.getResourceAsStream(builtIn + ".yaml")) {
          return parse(new ObjectMapper(new YAMLFactory()).readTree(in), builtIn);
        } catch (IOException e) {
          throw new IllegalStateException("built-in cost model " + builtIn + " is unreadable", e);
        }
      }
    }
    Path file = Path.of(nameOrPath);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("cost model '" + nameOrPath + "' is neither a built-in ("
          + String.join(", ", BUILT_IN) + ") nor a file");
    }
    try {
      ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
      return parse(mapper.readTree(file.toFile()), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cost model file " + file + " is not readable YAML/JSON: " + e.getMessage(), e);
    }
  }

  private static CostModel parse(JsonNode root, String source) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + " must hold an object with name, latentSize, unet, vaeDecoder,"
          + " textEncoder");
    }
    int latent = root.path("latentSize").asInt(0);
    if (latent < 1) {
      throw new IllegalArgumentException(source + ": latentSize must be a positive number (64 for 512x512 images)");
    }
    int multiple = root.path("latentMultiple").asInt(1);
    if (multiple < 1) {
      throw new IllegalArgumentException(source + ": latentMultiple must be a positive number (8 for SD 1.5's U-Net)");
    }
    return new CostModel(root.path("name").asText(source), latent, curve(root, "unet", source),
        curve(root, "vaeDecoder", source), curve(root, "textEncoder", source), multiple);
  }

  private static CostCurve curve(JsonNode root, String field, String source) {
    JsonNode node = root.get(field);
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw new IllegalArgumentException(source + ": '" + field + "' must map batch sizes to milliseconds per call");
    }
    Map<Integer, Double> points = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      try {
        points.put(Integer.parseInt(e.getKey()), e.getValue().asDouble());
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(source + ": '" + field + "' has a non-integer batch size '" + e.getKey()
            + "'", ex);
      }
    }
    return new CostCurve(points);
  }

  /** The area factor for calls at a latent size other than the measured one. */
  double areaScale(int latentHeight, int latentWidth) {
    return (double) latentHeight * latentWidth / ((double) latentSize * latentSize);
  }
}
