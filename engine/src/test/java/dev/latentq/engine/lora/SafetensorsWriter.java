package dev.latentq.engine.lora;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes small safetensors files for tests (F32, F16 or BF16 tensors filled with a simple pattern). */
final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final List<Object[]> tensors = new ArrayList<>();

  SafetensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /** A tensor whose element i is {@code (i % 7 - 3) / 8} (exact in every float format). */
  SafetensorsWriter tensor(String name, String dtype, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] values = new float[(int) n];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 7 - 3) / 8f;
    }
    return tensor(name, dtype, values, shape);
  }

  SafetensorsWriter tensor(String name, String dtype, float[] values, long... shape) {
    tensors.add(new Object[] {name, dtype, values, shape});
    return this;
  }

  Path write(Path file) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    List<byte[]> blobs = new ArrayList<>();
    long offset = 0;
    for (Object[] t : tensors) {
      byte[] bytes = encode((String) t[1], (float[]) t[2]);
      ObjectNode entry = header.putObject((String) t[0]);
      entry.put("dtype", (String) t[1]);
      var shape = entry.putArray("shape");
      for (long d : (long[]) t[3]) {
        shape.add(d);
      }
      entry.putArray("data_offsets").add(offset).add(offset + bytes.length);
      offset += bytes.length;
      blobs.add(bytes);
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length).put(json);
    blobs.forEach(out::put);
    try {
      return Files.write(file, out.array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] encode(String dtype, float[] values) {
    int width = dtype.equals("F32") ? 4 : 2;
    ByteBuffer b = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      switch (dtype) {
        case "F32" -> b.putFloat(v);
        case "F16" -> b.putShort(Float.floatToFloat16(v));
        case "BF16" -> b.putShort((short) (Float.floatToIntBits(v) >>> 16));
        default -> throw new IllegalArgumentException(dtype);
      }
    }
    return b.array();
  }
}
