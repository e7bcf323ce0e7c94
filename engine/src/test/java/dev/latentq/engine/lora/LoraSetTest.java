package dev.latentq.engine.lora;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoraSetTest {
  @Test
  void equalFilesAndScalesMakeEqualSetsInAnyOrder() {
    LoraSet one = LoraSet.of(new LoraWeight(Path.of("x/a.safetensors"), 0.5),
        new LoraWeight(Path.of("b.safetensors"), 1.0));
    LoraSet two = LoraSet.of(new LoraWeight(Path.of("b.safetensors").toAbsolutePath(), 1.0),
        new LoraWeight(Path.of("x/../x/a.safetensors"), 0.5));
    assertThat(two).isEqualTo(one).hasSameHashCodeAs(one);
  }

  @Test
  void anotherScaleIsAnotherSet() {
    assertThat(LoraSet.of(new LoraWeight(Path.of("a.safetensors"), 0.5)))
        .isNotEqualTo(LoraSet.of(new LoraWeight(Path.of("a.safetensors"), 0.6)));
  }
}
