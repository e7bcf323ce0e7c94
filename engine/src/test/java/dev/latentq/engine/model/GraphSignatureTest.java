package dev.latentq.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import dev.latentq.engine.onnx.proto.OnnxProto.GraphProto;
import dev.latentq.engine.onnx.proto.OnnxProto.ModelProto;
import dev.latentq.engine.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.latentq.engine.onnx.proto.OnnxProto.TensorProto;
import dev.latentq.engine.onnx.proto.OnnxProto.TensorShapeProto;
import dev.latentq.engine.onnx.proto.OnnxProto.TypeProto;
import dev.latentq.engine.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A graph's inputs and outputs read from the file are what an ONNX Runtime session reports for it, for every graph
 * of every fixture export (inline weights, external weights, fp16, SDXL, inpainting, LCM), and reading them skips
 * the weights.
 */
class GraphSignatureTest {
  @TempDir
  Path tmp;

  static Stream<Path> fixtureGraphs() throws IOException {
    List<Path> roots = List.of(Path.of("../fixtures"), Path.of("../models"));
    return roots.stream().flatMap(root -> {
      try {
        return Files.walk(root, 3).filter(p -> p.getFileName().toString().equals("model.onnx")).sorted().toList()
            .stream();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @ParameterizedTest
  @MethodSource("fixtureGraphs")
  void theFileDeclaresWhatTheSessionReports(Path onnx) throws Exception {
    String component = onnx.getParent().getFileName().toString();
    GraphSignature read = GraphSignature.read(onnx, component);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(onnx.toString(), options)) {
      assertThat(read.inputs()).as("inputs of %s", onnx)
          .containsExactlyEntriesOf(TensorSpec.of(session.getInputInfo(), component));
      assertThat(read.outputs()).as("outputs of %s", onnx)
          .containsExactlyEntriesOf(TensorSpec.of(session.getOutputInfo(), component));
    }
  }

  @Test
  void anInputThatIsAlsoAnInitializerIsNoSessionInputAndSymbolicDimsAreDynamic() throws IOException {
    Path file = write(model(List.of(tensor("w", 4)), List.of(value("x", TensorProto.DataType.FLOAT, "batch", 3),
        value("w", TensorProto.DataType.FLOAT, 4)), List.of(value("y", TensorProto.DataType.FLOAT16, "batch", 3))));

    GraphSignature read = GraphSignature.read(file, "unet");

    assertThat(read.inputs()).containsOnlyKeys("x");
    assertThat(read.inputs().get("x")).isEqualTo(new TensorSpec("x", OnnxJavaType.FLOAT, new long[] {-1, 3}));
    assertThat(read.outputs().get("y").type()).isEqualTo(OnnxJavaType.FLOAT16);
  }

  @Test
  void inlineWeightsAreSkippedNotReadIntoTheHeap() throws IOException {
    int weightBytes = 48 << 20;
    Path file = write(model(List.of(tensor("w", weightBytes / 4)), List.of(value("x", TensorProto.DataType.FLOAT,
        1)), List.of(value("y", TensorProto.DataType.FLOAT, 1))));
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    GraphSignature read = GraphSignature.read(file, "unet");

    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(read.inputs()).containsOnlyKeys("x");
    assertThat(allocated).as("heap allocated while reading a graph with %d weight bytes", weightBytes)
        .isLessThan(weightBytes / 16);
  }

  @Test
  void aMissingExternalWeightsFileIsNamed() throws IOException {
    TensorProto external = TensorProto.newBuilder().setName("w").addDims(4)
        .setDataType(TensorProto.DataType.FLOAT_VALUE).setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("model.onnx_data"))
        .build();
    Path file = write(model(List.of(external), List.of(value("x", TensorProto.DataType.FLOAT, 1)),
        List.of(value("y", TensorProto.DataType.FLOAT, 1))));

    assertThatThrownBy(() -> GraphSignature.read(file, "unet")).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(tmp.resolve("model.onnx_data").toString()).hasMessageContaining("is missing");
  }

  @Test
  void aFileThatIsNoOnnxGraphIsNamed() throws IOException {
    Path file = tmp.resolve("model.onnx");
    Files.writeString(file, "<html>404 Not Found</html>");

    assertThatThrownBy(() -> GraphSignature.read(file, "unet")).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("cannot load")
        .hasMessageContaining("complete ONNX export");
  }

  private Path write(ModelProto model) throws IOException {
    Path file = tmp.resolve("model.onnx");
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
    return file;
  }

  private static ModelProto model(List<TensorProto> initializers, List<ValueInfoProto> inputs,
      List<ValueInfoProto> outputs) {
    return ModelProto.newBuilder().setIrVersion(8).setGraph(GraphProto.newBuilder().setName("g")
        .addAllInitializer(initializers).addAllInput(inputs).addAllOutput(outputs)).build();
  }

  private static TensorProto tensor(String name, int floats) {
    return TensorProto.newBuilder().setName(name).addDims(floats).setDataType(TensorProto.DataType.FLOAT_VALUE)
        .setRawData(ByteString.copyFrom(new byte[floats * 4])).build();
  }

  private static ValueInfoProto value(String name, TensorProto.DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      shape.addDim(d instanceof String param ? TensorShapeProto.Dimension.newBuilder().setDimParam(param)
          : TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
  }
}
