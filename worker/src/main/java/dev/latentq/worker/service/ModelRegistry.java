package dev.latentq.worker.service;

import dev.latentq.worker.config.EngineSettings;
import dev.latentq.worker.config.ModelSettings;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the configured models (or their simulated stand-ins), all before the worker takes a job. */
final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private ModelRegistry() {}

  static Map<String, DiffusionModel> load(List<ModelSettings> models, EngineSettings engine) {
    Map<String, DiffusionModel> loaded = new LinkedHashMap<>();
    try {
      if (engine.simulated()) {
        CostModel costs = CostModel.load(engine.costModel());
        LOG.info("simulated accelerator: cost model {}", costs.name());
        models.forEach(m -> loaded.put(m.id(), SimulatedModel.create(m.id(), costs)));
      } else {
        RuntimeOptions runtime = new RuntimeOptions(engine.provider(), engine.deviceId(), engine.intraOpThreads(),
            engine.tensorRtCacheDir());
        for (ModelSettings m : models) {
          long started = System.nanoTime();
          loaded.put(m.id(), DiffusionModel.load(m.folder(), runtime));
          LOG.info("model {} ready in {} ms", m.id(), (System.nanoTime() - started) / 1_000_000);
        }
      }
      return loaded;
    } catch (RuntimeException e) {
      closeAll(loaded, e);
      throw e;
    }
  }

  static void closeAll(Map<String, DiffusionModel> models, Throwable primary) {
    for (DiffusionModel model : models.values()) {
      try {
        model.close();
      } catch (Exception e) {
        primary.addSuppressed(e);
      }
    }
  }
}
