package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.tokenizer.TokenizerLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder with one thing broken fails when it is loaded — not at the first job — with a
 * {@link ModelLoadException} naming the file or folder and what is wrong with it.
 */
class BrokenModelFolderTest {
  private static final Path SD15 = Path.of("../fixtures/tiny-sd15");
  private static final Path SDXL = Path.of("../fixtures/tiny-sdxl");
  private static final Path SHAPES = Path.of("../models/shapes-sd");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private Path model;

  @BeforeEach
  void copyTheSd15Fixture() {
    model = tmp.resolve("broken-sd15");
    copyTree(SD15, model);
  }

  @Test
  void theIntactCopyLoads() throws Exception {
    try (DiffusionModel loaded = DiffusionModel.load(model, RuntimeOptions.cpu())) {
      assertThat(loaded.name()).isEqualTo("broken-sd15");
    }
  }

  @Test
  void missingUnetIsNamed() throws IOException {
    Files.delete(model.resolve("unet/model.onnx"));

    assertLoadFails().hasMessageContaining(model.resolve("unet/model.onnx").toAbsolutePath().toString())
        .hasMessageContaining("is missing").hasMessageContaining("export");
  }

  @Test
  void textEncoderThatIsNotOnnxIsNamed() throws IOException {
    Files.writeString(model.resolve("text_encoder/model.onnx"), "<html>404 Not Found</html>");

    assertLoadFails().hasMessageContaining(model.resolve("text_encoder/model.onnx").toAbsolutePath().toString())
        .hasMessageContaining("cannot load").hasMessageContaining("complete ONNX export");
  }

  @Test
  void truncatedTextEncoderIsNamed() throws IOException {
    Path onnx = model.resolve("text_encoder/model.onnx");
    byte[] bytes = Files.readAllBytes(onnx);
    Files.write(onnx, Arrays.copyOf(bytes, bytes.length / 2));

    assertLoadFails().hasMessageContaining(onnx.toAbsolutePath().toString()).hasMessageContaining("cannot load");
  }

  @Test
  void missingVocabularyIsNamed() throws IOException {
    Files.delete(model.resolve("tokenizer/vocab.json"));

    assertLoadFails().hasMessageContaining(model.resolve("tokenizer/vocab.json").toAbsolutePath().toString())
        .hasMessageContaining("is missing").hasMessageContaining("export the tokenizer")
        .hasCauseInstanceOf(TokenizerLoadException.class);
  }

  @Test
  void missingSchedulerConfigIsNamed() throws IOException {
    Files.delete(model.resolve("scheduler/scheduler_config.json"));

    assertLoadFails()
        .hasMessageContaining(model.resolve("scheduler/scheduler_config.json").toAbsolutePath().toString())
        .hasMessageContaining("is missing");
  }

  @Test
  void nonNumericScalingFactorIsNamed() throws IOException {
    Path config = model.resolve("vae_decoder/config.json");
    ObjectNode json = (ObjectNode) JSON.readTree(config.toFile());
    json.put("scaling_factor", "0.18215");
    JSON.writeValue(config.toFile(), json);

    assertLoadFails().hasMessageContaining(config.toAbsolutePath().toString())
        .hasMessageContaining("scaling_factor").hasMessageContaining("0.18215 for SD 1.x/2.x");
  }

  @Test
  void modelIndexThatIsNotJsonIsNamed() throws IOException {
    Files.writeString(model.resolve("model_index.json"), "{\"unet\": [\"diffusers\", ");

    assertLoadFails().hasMessageContaining(model.resolve("model_index.json").toAbsolutePath().toString())
        .hasMessageContaining("not readable JSON");
  }

  @Test
  void sdxlSecondTextEncoderInAnSd15ModelIndexIsInconsistent() throws IOException {
    declareSecondTextEncoder();

    assertLoadFails().hasMessageContaining(model.resolve("model_index.json").toAbsolutePath().toString())
        .hasMessageContaining("declares text_encoder_2").hasMessageContaining("takes no text_embeds/time_ids")
        .hasMessageContaining("different models");
  }

  @Test
  void sdxlSecondTextEncoderCopiedIntoAnSd15FolderIsInconsistent() throws IOException {
    declareSecondTextEncoder();
    copyTree(SDXL.resolve("text_encoder_2"), model.resolve("text_encoder_2"));
    copyTree(SDXL.resolve("tokenizer_2"), model.resolve("tokenizer_2"));

    assertLoadFails().hasMessageContaining("declares text_encoder_2")
        .hasMessageContaining("takes no text_embeds/time_ids");
  }

  @Test
  void sdxlUnetWithoutSecondTextEncoderIsNamed() throws IOException {
    Files.copy(SDXL.resolve("unet/model.onnx"), model.resolve("unet/model.onnx"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertLoadFails().hasMessageContaining(model.toAbsolutePath().toString())
        .hasMessageContaining("text_encoder_2/model.onnx is missing");
  }

  @Test
  void textEncoderOfAnotherWidthDoesNotFitTheUnet() throws IOException {
    // shapes-sd's CLIP is 32 wide, tiny-sd15's U-Net cross-attends to 16.
    copyTree(SHAPES.resolve("text_encoder"), model.resolve("text_encoder"));

    assertLoadFails().hasMessageContaining(model.toAbsolutePath().toString())
        .hasMessageContaining("width 32").hasMessageContaining("width 16")
        .hasMessageContaining("text encoder and U-Net come from different models");
  }

  private void declareSecondTextEncoder() throws IOException {
    Path index = model.resolve("model_index.json");
    ObjectNode json = (ObjectNode) JSON.readTree(index.toFile());
    ArrayNode entry = json.putArray("text_encoder_2");
    entry.add("diffusers").add("OnnxRuntimeModel");
    JSON.writeValue(index.toFile(), json);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertLoadFails() {
    return assertThatThrownBy(() -> DiffusionModel.load(model, RuntimeOptions.cpu()).close())
        .isInstanceOf(ModelLoadException.class);
  }

  /** Copies a folder tree, replacing files that exist (so a part of another model can be swapped in). */
  static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
