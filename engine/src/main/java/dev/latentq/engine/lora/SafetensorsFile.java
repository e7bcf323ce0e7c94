package dev.latentq.engine.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .safetensors} file: an 8-byte little-endian header length, a JSON header (tensor name to dtype, shape
 * and byte range, plus optional {@code __metadata__} strings), then the tensor bytes. The file is memory-mapped;
 * tensors are decoded to float32 on request (F16, BF16, F32 and F64 are read).
 */
public final class SafetensorsFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Header sizes beyond this are not LoRA files (the format's own readers cap it at 100 MB). */
  private static final long MAX_HEADER_BYTES = 100L << 20;

  private final Path file;
  private final ByteBuffer data;
  private final Map<String, Tensor> tensors;
  private final Map<String, String> metadata;

  /**
   * One tensor's header entry.
   *
   * @param begin byte offset of its data, relative to the data section
   */
  public record Tensor(String name, String dtype, long[] shape, long begin, long end) {
    public long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private SafetensorsFile(Path file, ByteBuffer data, Map<String, Tensor> tensors, Map<String, String> metadata) {
    this.file = file;
    this.data = data;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** Opens and checks a file: every tensor's byte range must lie in the file and match its dtype and shape. */
  public static SafetensorsFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new LoraException("LoRA file " + file + " does not exist or is not a file: check the path (or the name"
          + " in the LoRA folder)");
    }
    ByteBuffer mapped;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw new LoraException(file + " is " + size + " bytes; LoRA files over 2 GB are not supported");
      }
      mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new LoraException("cannot read LoRA file " + file + ": " + e.getMessage()
          + " (check the path and that the file is readable)", e);
    }
    if (mapped.capacity() < 8) {
      throw notSafetensors(file, "it is only " + mapped.capacity() + " bytes long");
    }
    long headerLength = mapped.getLong(0);
    if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > mapped.capacity()) {
      String kind = mapped.get(0) == 'P' && mapped.get(1) == 'K' ? "it looks like a pickled PyTorch checkpoint"
          + " (.pt/.ckpt); convert it to safetensors" : "its header length " + headerLength + " does not fit";
      throw notSafetensors(file, kind);
    }
    byte[] header = new byte[(int) headerLength];
    mapped.get(8, header);
    JsonNode root;
    try {
      root = JSON.readTree(new String(header, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw notSafetensors(file, "its header is not JSON (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw notSafetensors(file, "its header is not a JSON object");
    }
    ByteBuffer data = mapped.slice(8 + (int) headerLength, mapped.capacity() - 8 - (int) headerLength)
        .order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (e.getKey().equals("__metadata__")) {
        e.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      tensors.put(e.getKey(), tensor(file, e.getKey(), e.getValue(), data.capacity()));
    }
    return new SafetensorsFile(file, data, Collections.unmodifiableMap(tensors),
        Collections.unmodifiableMap(metadata));
  }

  private static Tensor tensor(Path file, String name, JsonNode entry, long dataBytes) {
    JsonNode shapeNode = entry.path("shape");
    JsonNode offsets = entry.path("data_offsets");
    String dtype = entry.path("dtype").asText("");
    if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
      throw notSafetensors(file, "tensor '" + name + "' has no shape or data_offsets");
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong(-1);
      if (shape[i] < 0) {
        throw notSafetensors(file, "tensor '" + name + "' has a negative dimension");
      }
    }
    Tensor tensor = new Tensor(name, dtype, shape, offsets.get(0).asLong(-1), offsets.get(1).asLong(-1));
    int width = elementBytes(dtype);
    if (width < 0) {
      throw new LoraException(file + ": tensor '" + name + "' has dtype " + dtype + "; LoRA tensors must be F16,"
          + " BF16, F32 or F64 (re-save the LoRA in one of those)");
    }
    if (tensor.begin() < 0 || tensor.end() > dataBytes || tensor.end() - tensor.begin() != tensor.elements() * width) {
      throw notSafetensors(file, "tensor '" + name + "' has byte range [" + tensor.begin() + ", " + tensor.end()
          + ") which does not match its " + dtype + " shape or the file size (truncated download?)");
    }
    return tensor;
  }

  private static int elementBytes(String dtype) {
    return switch (dtype) {
      case "F16", "BF16" -> 2;
      case "F32" -> 4;
      case "F64" -> 8;
      default -> -1;
    };
  }

  private static LoraException notSafetensors(Path file, String why) {
    return new LoraException(file + " is not a valid safetensors file: " + why
        + "; LoRAs are read from .safetensors files");
  }

  public Path file() {
    return file;
  }

  /** Tensors by name, in header order. */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /** The header's {@code __metadata__} strings (empty when absent). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** A tensor's values widened to float32, row-major. */
  public float[] floats(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(file + " has no tensor '" + name + "'");
    }
    int n = Math.toIntExact(t.elements());
    float[] out = new float[n];
    int at = (int) t.begin();
    switch (t.dtype()) {
      case "F16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.float16ToFloat(data.getShort(at + 2 * i));
        }
      }
      case "BF16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((data.getShort(at + 2 * i) & 0xFFFF) << 16);
        }
      }
      case "F32" -> data.slice(at, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      case "F64" -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) data.getDouble(at + 8 * i);
        }
      }
      default -> throw new IllegalStateException(t.dtype());
    }
    return out;
  }
}
