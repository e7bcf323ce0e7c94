package dev.latentq.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UNetSignatureTest {

  private static UNetSignature read(long inputChannels, long outputChannels) {
    Map<String, TensorSpec> inputs = Map.of(
        "sample", new TensorSpec("sample", OnnxJavaType.FLOAT, new long[] {-1, inputChannels, -1, -1}),
        "timestep", new TensorSpec("timestep", OnnxJavaType.FLOAT, new long[] {-1}),
        "encoder_hidden_states", new TensorSpec("encoder_hidden_states", OnnxJavaType.FLOAT,
            new long[] {-1, 77, 32}));
    Map<String, TensorSpec> outputs = Map.of(
        "out_sample", new TensorSpec("out_sample", OnnxJavaType.FLOAT, new long[] {-1, outputChannels, -1, -1}));
    return UNetSignature.read(inputs, outputs);
  }

  @Test
  void nineInputChannelsForFourLatentChannelsIsAnInpaintingUNet() {
    UNetSignature signature = read(9, 4);

    assertThat(signature.inpainting()).isTrue();
    assertThat(signature.latentChannels()).isEqualTo(4);
    assertThat(signature.inputChannels()).isEqualTo(9);
    assertThat(read(4, 4).inpainting()).isFalse();
  }

  @Test
  void otherChannelCountsAreRejectedNamingWhatIsSupported() {
    assertThatThrownBy(() -> read(5, 4)).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("takes 5 input channels but returns 4")
        .hasMessageContaining("inpainting U-Nets (in = 2 * out + 1");
  }
}
