package dev.latentq.engine.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
  @TempDir
  Path dir;

  @Test
  void readsFloat32Float16AndBfloat16TensorsAsFloat32() {
    float[] values = {1.5f, -2.25f, 0.125f, 3f};
    Path file = new SafetensorsWriter().metadata("format", "pt")
        .tensor("f32", "F32", values, 2, 2).tensor("f16", "F16", values, 4).tensor("bf16", "BF16", values, 1, 4)
        .write(dir.resolve("t.safetensors"));
    SafetensorsFile st = SafetensorsFile.read(file);
    assertThat(st.metadata()).containsEntry("format", "pt");
    assertThat(st.tensors().get("f32").shape()).containsExactly(2, 2);
    assertThat(st.floats("f32")).containsExactly(values);
    assertThat(st.floats("f16")).containsExactly(values);
    assertThat(st.floats("bf16")).containsExactly(values);
  }

  @Test
  void readsTheFixtureLorasHeaders() {
    SafetensorsFile a = SafetensorsFile.read(Path.of("../fixtures/tiny-sd15-optimum/loras/a.safetensors"));
    assertThat(a.tensors()).hasSize(216);
    assertThat(a.tensors().values()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo("F16"));
  }

  @Test
  void rejectsAFileThatIsNotSafetensorsNamingTheFile() throws Exception {
    Path file = Files.write(dir.resolve("model.ckpt"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> SafetensorsFile.read(file))
        .isInstanceOf(LoraException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("pickled PyTorch checkpoint");
  }

  @Test
  void rejectsATruncatedFile() throws Exception {
    Path file = new SafetensorsWriter().tensor("x", "F32", 8, 8).write(dir.resolve("x.safetensors"));
    byte[] bytes = Files.readAllBytes(file);
    Path cut = Files.write(dir.resolve("cut.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> SafetensorsFile.read(cut))
        .isInstanceOf(LoraException.class)
        .hasMessageContaining("tensor 'x'")
        .hasMessageContaining("truncated");
  }
}
