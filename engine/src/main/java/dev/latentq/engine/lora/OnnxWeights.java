package dev.latentq.engine.lora;

import com.google.protobuf.CodedInputStream;
import dev.latentq.engine.onnx.proto.OnnxProto.AttributeProto;
import dev.latentq.engine.onnx.proto.OnnxProto.GraphProto;
import dev.latentq.engine.onnx.proto.OnnxProto.ModelProto;
import dev.latentq.engine.onnx.proto.OnnxProto.NodeProto;
import dev.latentq.engine.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.latentq.engine.onnx.proto.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adaptable layers of one ONNX model file: every MatMul, Gemm and Conv node whose weight is an initializer,
 * found by the module path in the node's scoped name ({@code /down_blocks.1/…/to_q/MatMul}) as Hugging Face Optimum
 * exports name them. The file is memory-mapped and parsed with aliasing, so inline weights are not copied to the
 * heap; external weights ({@code model.onnx_data}) are read only for the layers a LoRA patches, at their offsets.
 */
public final class OnnxWeights {
  private static final String TEXT_MODEL = "text_model.";

  private final Path file;
  private final String component;
  private final Map<String, WeightSlot> byModule;
  private final Map<String, WeightSlot> byKohyaName;
  private final int constantWeights;
  private final int unscopedNodes;
  private final String unscopedExample;

  private OnnxWeights(Path file, String component, Map<String, WeightSlot> byModule, int constantWeights,
      int unscopedNodes, String unscopedExample) {
    this.file = file;
    this.component = component;
    this.byModule = byModule;
    this.constantWeights = constantWeights;
    this.unscopedNodes = unscopedNodes;
    this.unscopedExample = unscopedExample;
    Map<String, WeightSlot> kohya = new HashMap<>();
    byModule.forEach((module, slot) -> kohya.put(module.replace('.', '_'), slot));
    this.byKohyaName = kohya;
  }

  /** Reads the graph of {@code <component>/model.onnx}. */
  public static OnnxWeights read(Path file, String component) {
    ModelProto model;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      CodedInputStream in = CodedInputStream.newInstance(mapped);
      in.enableAliasing(true);
      in.setSizeLimit(Integer.MAX_VALUE);
      model = ModelProto.parseFrom(in);
    } catch (IOException e) {
      throw new LoraException("cannot read the ONNX graph of " + file + " to apply LoRAs: " + e.getMessage(), e);
    }
    GraphProto graph = model.getGraph();
    Map<String, TensorProto> initializers = new HashMap<>();
    for (TensorProto t : graph.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    Map<String, Integer> consumers = new HashMap<>();
    Map<String, String> producers = new HashMap<>();
    for (NodeProto node : graph.getNodeList()) {
      node.getInputList().forEach(input -> consumers.merge(input, 1, Integer::sum));
      node.getOutputList().forEach(output -> producers.put(output, node.getOpType()));
    }
    Map<String, WeightSlot> byModule = new LinkedHashMap<>();
    int constants = 0;
    int unscoped = 0;
    String unscopedExample = null;
    for (NodeProto node : graph.getNodeList()) {
      WeightSlot.Layout layout = layout(node);
      if (layout == null || node.getInputCount() < 2) {
        continue;
      }
      String weight = node.getInput(1);
      TensorProto tensor = initializers.get(weight);
      if (tensor == null) {
        if ("Constant".equals(producers.get(weight))) {
          constants++;
        }
        continue;
      }
      String module = modulePath(node.getName());
      if (module == null) {
        unscoped++;
        unscopedExample = unscopedExample == null ? node.getName() : unscopedExample;
        continue;
      }
      int expectedRank = layout == WeightSlot.Layout.CONV ? 4 : 2;
      if (tensor.getDimsCount() != expectedRank) {
        continue;
      }
      long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
      byModule.putIfAbsent(module, new WeightSlot(module, node.getName(), layout, dims,
          consumers.getOrDefault(weight, 0), tensor));
    }
    return new OnnxWeights(file, component, Collections.unmodifiableMap(byModule), constants, unscoped,
        unscopedExample);
  }

  private static WeightSlot.Layout layout(NodeProto node) {
    return switch (node.getOpType()) {
      case "MatMul" -> WeightSlot.Layout.IN_OUT;
      case "Conv" -> WeightSlot.Layout.CONV;
      case "Gemm" -> transB(node) ? WeightSlot.Layout.OUT_IN : WeightSlot.Layout.IN_OUT;
      default -> null;
    };
  }

  private static boolean transB(NodeProto node) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals("transB")) {
        return a.getI() != 0;
      }
    }
    return false;
  }

  /**
   * {@code /down_blocks.1/attentions.0/…/to_q/MatMul} → {@code down_blocks.1.attentions.0.….to_q}: the scope
   * without the op segment, {@code text_model.} stripped; null when the name carries no scope.
   */
  static String modulePath(String nodeName) {
    if (!nodeName.startsWith("/")) {
      return null;
    }
    int last = nodeName.lastIndexOf('/');
    if (last <= 1) {
      return null;
    }
    String path = nodeName.substring(1, last).replace('/', '.');
    return path.startsWith(TEXT_MODEL) ? path.substring(TEXT_MODEL.length()) : path;
  }

  public Path file() {
    return file;
  }

  /** Adaptable layers by module path. */
  public Map<String, WeightSlot> layers() {
    return byModule;
  }

  /**
   * The layer a LoRA module names, or null: dotted names (diffusers/PEFT) match module paths, kohya names match
   * module paths with every {@code .} turned into {@code _}; a leading {@code text_model} is optional on both sides.
   */
  public WeightSlot find(AdapterModule module) {
    if (module.kohyaNaming()) {
      String name = module.name().startsWith("text_model_") ? module.name().substring("text_model_".length())
          : module.name();
      return byKohyaName.get(name);
    }
    String name = module.name().startsWith(TEXT_MODEL) ? module.name().substring(TEXT_MODEL.length()) : module.name();
    return byModule.get(name);
  }

  /**
   * Fails unless this export can take LoRAs: weights must be initializers consumed by nodes whose names carry the
   * module path (Optimum's export). Old exports with Constant weights or bare node names cannot.
   */
  public void requireAdaptable() {
    if (!byModule.isEmpty()) {
      return;
    }
    String why = constantWeights > 0
        ? "its layer weights are Constant nodes (" + constantWeights + " MatMul/Gemm/Conv weights), not named"
            + " initializers"
        : unscopedNodes > 0 ? "its node names carry no module path (e.g. '" + unscopedExample + "')"
        : "it has no MatMul/Gemm/Conv layers with initializer weights";
    throw new LoraException(file + " (" + component + ") cannot take LoRAs: " + why + ". Export the model with"
        + " Hugging Face Optimum (optimum-cli export onnx --model <diffusers model> <folder>), which keeps weights as"
        + " named initializers and node names scoped by module path (/down_blocks.0/…/to_q/MatMul)");
  }

  /** The layer's current weight values as float32 (FLOAT and FLOAT16 initializers; inline or external data). */
  public float[] values(WeightSlot slot) {
    TensorProto t = slot.tensor();
    int n = Math.toIntExact(slot.elements());
    int type = t.getDataType();
    if (type != TensorProto.DataType.FLOAT_VALUE && type != TensorProto.DataType.FLOAT16_VALUE) {
      throw new LoraException(file + ": weight '" + t.getName() + "' of " + slot.node() + " is of ONNX type "
          + TensorProto.DataType.forNumber(type) + "; LoRAs apply to float32 and float16 weights only"
          + " (a quantized export cannot take LoRAs: apply them before quantizing)");
    }
    boolean half = type == TensorProto.DataType.FLOAT16_VALUE;
    ByteBuffer raw;
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      raw = external(t, (long) n * (half ? 2 : 4));
    } else if (!t.getRawData().isEmpty()) {
      raw = t.getRawData().asReadOnlyByteBuffer();
    } else {
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = half ? Float.float16ToFloat((short) t.getInt32Data(i)) : t.getFloatData(i);
      }
      return out;
    }
    raw = raw.order(ByteOrder.LITTLE_ENDIAN);
    if (raw.remaining() != (long) n * (half ? 2 : 4)) {
      throw new LoraException(file + ": weight '" + t.getName() + "' holds " + raw.remaining() + " bytes for shape "
          + LoraAdapter.shape(slot.dims()) + "; the export is damaged: re-export it");
    }
    float[] out = new float[n];
    if (half) {
      for (int i = 0; i < n; i++) {
        out[i] = Float.float16ToFloat(raw.getShort(raw.position() + 2 * i));
      }
    } else {
      raw.asFloatBuffer().get(out);
    }
    return out;
  }

  /** Reads one initializer's bytes from the external data file at its offset, never the whole file. */
  private ByteBuffer external(TensorProto t, long expected) {
    String location = null;
    long offset = 0;
    long length = -1;
    for (StringStringEntryProto e : t.getExternalDataList()) {
      switch (e.getKey()) {
        case "location" -> location = e.getValue();
        case "offset" -> offset = Long.parseLong(e.getValue());
        case "length" -> length = Long.parseLong(e.getValue());
        default -> { }
      }
    }
    if (location == null) {
      throw new LoraException(file + ": weight '" + t.getName() + "' is external but names no file; re-export it");
    }
    Path dir = file.toAbsolutePath().normalize().getParent();
    Path data = dir.resolve(location).normalize();
    if (!data.startsWith(dir)) {
      throw new LoraException(file + ": weight '" + t.getName() + "' points outside the model folder ("
          + location + "); refusing to read it");
    }
    long size = length >= 0 ? length : expected;
    if (size != expected) {
      throw new LoraException(file + ": weight '" + t.getName() + "' has " + size + " external bytes, its shape needs "
          + expected + "; the export is damaged: re-export it");
    }
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size));
    try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, offset + buffer.position()) < 0) {
          throw new LoraException(data + " ends before weight '" + t.getName() + "' (offset " + offset + ", "
              + size + " bytes); the external data file is truncated: copy it again");
        }
      }
    } catch (IOException e) {
      throw new LoraException("cannot read weight '" + t.getName() + "' from " + data + ": " + e.getMessage(), e);
    }
    return buffer.flip();
  }

  /** Up to {@code n} module paths, for messages. */
  List<String> examples(int n) {
    List<String> out = new ArrayList<>();
    for (String module : byModule.keySet()) {
      if (out.size() == n) {
        break;
      }
      out.add(module);
    }
    return out;
  }
}
