package dev.latentq.engine.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.pipeline.DiffusionModel;
import org.junit.jupiter.api.Test;

class SimulatedModelSizesTest {

  @Test
  void theBuiltInSd15CostModelsTakeImagesInMultiplesOf64LikeTheRealUNet() throws Exception {
    for (String name : CostModel.BUILT_IN) {
      try (DiffusionModel model = SimulatedModel.create("sim", CostModel.load(name))) {
        assertThat(model.sizeMultiple()).as(name).isEqualTo(64);
      }
    }
  }

  @Test
  void theNearlyFreeCostModelTakesAnySizeTheVaeCan() throws Exception {
    try (DiffusionModel model = SimulatedModel.create("sim", CostModel.nearlyFree())) {
      assertThat(model.sizeMultiple()).isEqualTo(8);
    }
  }
}
