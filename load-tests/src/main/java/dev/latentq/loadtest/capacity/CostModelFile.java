package dev.latentq.loadtest.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated accelerator's cost model, read from the same YAML the worker uses
 * ({@code engine/src/main/resources/dev/latentq/engine/simulation/<name>.yaml}), to compute what throughput it
 * allows. Per-call latency is linear between measured batch sizes and follows the last slope beyond them, as in
 * the worker.
 */
public record CostModelFile(String name, TreeMap<Integer, Double> unet, TreeMap<Integer, Double> vae,
    TreeMap<Integer, Double> text) {

  public static CostModelFile load(String name) {
    Path file = locate(name);
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      return new CostModelFile(root.path("name").asText(name), curve(root, "unet"), curve(root, "vaeDecoder"),
          curve(root, "textEncoder"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cost model " + file, e);
    }
  }

  private static Path locate(String name) {
    Path direct = Path.of(name);
    if (Files.isRegularFile(direct)) {
      return direct;
    }
    Path relative = Path.of("engine/src/main/resources/dev/latentq/engine/simulation", name + ".yaml");
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalArgumentException("cost model '" + name + "' is neither a file nor a built-in under "
        + relative.getParent() + " (run from the repository)");
  }

  private static TreeMap<Integer, Double> curve(JsonNode root, String field) {
    TreeMap<Integer, Double> points = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : root.path(field).properties()) {
      points.put(Integer.parseInt(e.getKey()), e.getValue().asDouble());
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException("cost model has no '" + field + "' curve");
    }
    return points;
  }

  static double millis(TreeMap<Integer, Double> curve, int size) {
    Map.Entry<Integer, Double> floor = curve.floorEntry(size);
    Map.Entry<Integer, Double> ceiling = curve.ceilingEntry(size);
    if (floor == null) {
      return ceiling.getValue();
    }
    if (ceiling == null) {
      Map.Entry<Integer, Double> before = curve.lowerEntry(floor.getKey());
      double slope = before == null ? floor.getValue() / floor.getKey()
          : (floor.getValue() - before.getValue()) / (floor.getKey() - before.getKey());
      return floor.getValue() + slope * (size - floor.getKey());
    }
    if (floor.getKey().equals(ceiling.getKey())) {
      return floor.getValue();
    }
    double t = (double) (size - floor.getKey()) / (ceiling.getKey() - floor.getKey());
    return floor.getValue() + t * (ceiling.getValue() - floor.getValue());
  }

  /**
   * Images/s one worker can reach with batches of {@code images} guided images of {@code steps} steps: each full
   * step costs one U-Net call of {@code 2 * images} rows; each image also costs its own text encoding (prompt and
   * negative prompt) and, finishing at its own step, its own VAE decode — all on the one accelerator.
   */
  public double capacity(int images, int steps) {
    double batchMillis = steps * millis(unet, 2 * images) + images * (millis(vae, 1) + millis(text, 2));
    return images / (batchMillis / 1000.0);
  }

  /** The U-Net-only bound: images/s if text encoding and decoding were free. */
  public double unetBound(int images, int steps) {
    return images / (steps * millis(unet, 2 * images) / 1000.0);
  }

  /** A lone job's time on the accelerator: its steps at 2 rows, its text encoding and its decode. */
  public double loneMillis(int steps) {
    return steps * millis(unet, 2) + millis(vae, 1) + millis(text, 2);
  }
}
