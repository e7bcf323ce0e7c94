package dev.latentq.engine.model;

import ai.onnxruntime.OnnxJavaType;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.latentq.engine.onnx.proto.OnnxProto.TensorProto;
import dev.latentq.engine.onnx.proto.OnnxProto.TensorShapeProto;
import dev.latentq.engine.onnx.proto.OnnxProto.TypeProto;
import dev.latentq.engine.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The inputs and outputs of an ONNX graph as an ONNX Runtime session would report them, read from the file without
 * ONNX Runtime: the model's facts are known before (and without) opening a session.
 *
 * <p>Only the graph's {@code input} and {@code output} entries and the initializers' names (and external data
 * locations) are parsed; node and weight bytes are skipped on the stream, so a U-Net holding 1.7 GB of weights inline
 * costs a few reads, not 1.7 GB of heap. Inputs that are also initializers are left out, as sessions leave them out.
 */
public record GraphSignature(Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
  // Field numbers of onnx.proto.
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_EXTERNAL_DATA = 13;
  private static final int ENTRY_KEY = 1;
  private static final int ENTRY_VALUE = 2;

  public GraphSignature {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  /**
   * Reads {@code <component>/model.onnx}'s signature, failing with the file and the fix when it is not a readable
   * ONNX graph or a weights file it names is missing.
   */
  public static GraphSignature read(Path file, String component) {
    Map<String, TensorSpec> inputs = new LinkedHashMap<>();
    Map<String, TensorSpec> outputs = new LinkedHashMap<>();
    Set<String> initializers = new HashSet<>();
    Set<String> externalFiles = new LinkedHashSet<>();
    try (InputStream stream = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CodedInputStream in = CodedInputStream.newInstance(stream);
      in.setSizeLimit(Integer.MAX_VALUE);
      boolean graph = false;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH && isMessage(tag)) {
          int limit = in.pushLimit(in.readRawVarint32());
          readGraph(in, component, inputs, outputs, initializers, externalFiles);
          in.popLimit(limit);
          graph = true;
        } else if (!in.skipField(tag)) {
          break;
        }
      }
      if (!graph) {
        throw new IOException("it holds no graph");
      }
    } catch (IOException e) {
      throw new ModelLoadException("cannot load " + file + " as an ONNX graph: " + e.getMessage()
          + " (check that the file is a complete ONNX export and that any external weights file, model.onnx_data or"
          + " weights.pb, sits next to it)", e);
    }
    for (String location : externalFiles) {
      Path weights = file.resolveSibling(location);
      if (!Files.isRegularFile(weights)) {
        throw new ModelLoadException(weights + " is missing: " + file + " keeps its weights there; copy it next to"
            + " the graph (a complete " + component + " export has both files)");
      }
    }
    initializers.forEach(inputs::remove);
    return new GraphSignature(inputs, outputs);
  }

  private static boolean isMessage(int tag) {
    return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  private static void readGraph(CodedInputStream in, String component, Map<String, TensorSpec> inputs,
      Map<String, TensorSpec> outputs, Set<String> initializers, Set<String> externalFiles) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (!isMessage(tag) || (field != GRAPH_INPUT && field != GRAPH_OUTPUT && field != GRAPH_INITIALIZER)) {
        if (!in.skipField(tag)) {
          return;
        }
      } else if (field == GRAPH_INITIALIZER) {
        int limit = in.pushLimit(in.readRawVarint32());
        readInitializer(in, initializers, externalFiles);
        in.popLimit(limit);
      } else {
        TensorSpec spec = spec(ValueInfoProto.parseFrom(in.readBytes()), component);
        (field == GRAPH_INPUT ? inputs : outputs).put(spec.name(), spec);
      }
    }
  }

  /** An initializer's name and external data file; its values are skipped. */
  private static void readInitializer(CodedInputStream in, Set<String> names, Set<String> externalFiles)
      throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == TENSOR_NAME && isMessage(tag)) {
        names.add(in.readStringRequireUtf8());
      } else if (field == TENSOR_EXTERNAL_DATA && isMessage(tag)) {
        int limit = in.pushLimit(in.readRawVarint32());
        String key = null;
        String value = null;
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          switch (WireFormat.getTagFieldNumber(t)) {
            case ENTRY_KEY -> key = in.readStringRequireUtf8();
            case ENTRY_VALUE -> value = in.readStringRequireUtf8();
            default -> in.skipField(t);
          }
        }
        in.popLimit(limit);
        if ("location".equals(key) && value != null) {
          externalFiles.add(value);
        }
      } else if (!in.skipField(tag)) {
        return;
      }
    }
  }

  /** A graph input or output as ONNX Runtime's {@code TensorInfo} describes it: symbolic or unknown dims are -1. */
  private static TensorSpec spec(ValueInfoProto value, String component) {
    TypeProto type = value.getType();
    if (!type.hasTensorType()) {
      throw new ModelLoadException(component + " declares '" + value.getName() + "' as " + type.getValueCase()
          + "; only tensor inputs and outputs are supported");
    }
    TypeProto.Tensor tensor = type.getTensorType();
    TensorShapeProto shape = tensor.getShape();
    long[] dims = new long[shape.getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      TensorShapeProto.Dimension d = shape.getDim(i);
      dims[i] = d.hasDimValue() ? d.getDimValue() : -1;
    }
    return new TensorSpec(value.getName(), javaType(tensor.getElemType()), dims);
  }

  /** ONNX's element type as ONNX Runtime's Java API reports it (unsigned types as their signed Java peers). */
  static OnnxJavaType javaType(int elemType) {
    TensorProto.DataType type = TensorProto.DataType.forNumber(elemType);
    if (type == null) {
      return OnnxJavaType.UNKNOWN;
    }
    return switch (type) {
      case FLOAT -> OnnxJavaType.FLOAT;
      case DOUBLE -> OnnxJavaType.DOUBLE;
      case FLOAT16 -> OnnxJavaType.FLOAT16;
      case BFLOAT16 -> OnnxJavaType.BFLOAT16;
      case UINT8 -> OnnxJavaType.UINT8;
      case INT8 -> OnnxJavaType.INT8;
      case INT16, UINT16 -> OnnxJavaType.INT16;
      case INT32, UINT32 -> OnnxJavaType.INT32;
      case INT64, UINT64 -> OnnxJavaType.INT64;
      case BOOL -> OnnxJavaType.BOOL;
      case STRING -> OnnxJavaType.STRING;
      default -> OnnxJavaType.UNKNOWN;
    };
  }
}
