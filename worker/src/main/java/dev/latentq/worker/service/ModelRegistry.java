package dev.latentq.worker.service;

import dev.latentq.engine.model.ResidentMemory;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.residency.ModelPool;
import dev.latentq.engine.residency.ModelSource;
import dev.latentq.engine.residency.PoolListener;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.worker.config.WorkerConfig.EngineSettings;
import dev.latentq.worker.config.WorkerConfig.ModelSettings;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured models (or their simulated stand-ins) as a pool within {@code engine.memoryBudget}: each one's
 * profile is read at start (an export's from its files, no session opened), pinned ones load and stay loaded, the
 * others load on first use.
 */
final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private ModelRegistry() {}

  /** @param keptLoraVariants patched LoRA sets each loaded model keeps built (loras.keptVariants) */
  static ModelPool pool(List<ModelSettings> models, EngineSettings engine, int keptLoraVariants,
      PoolListener listener) {
    List<ModelSource> sources = new ArrayList<>();
    if (engine.simulated()) {
      CostModel costs = CostModel.load(engine.costModel());
      LOG.info("simulated accelerator: cost model {}; each model counts {} bytes against the memory budget",
          costs.name(), SimulatedModel.DECLARED_BYTES);
      models.forEach(m -> sources.add(ModelSource.declared(m.id(), m.pinned(), SimulatedModel.DECLARED_BYTES,
          () -> SimulatedModel.create(m.id(), costs))));
    } else {
      RuntimeOptions runtime = new RuntimeOptions(engine.provider(), engine.deviceId(), engine.intraOpThreads(),
          engine.tensorRtCacheDir());
      models.forEach(m -> sources.add(ModelSource.export(m.id(), m.pinned(), m.folder(), runtime)));
    }
    ModelPool pool = new ModelPool(sources.stream().map(s -> s.configured(m -> m.keepLoraVariants(keptLoraVariants)))
        .toList(), engine.memoryBudget(), null, ResidentMemory.process(), listener);
    pool.start();
    return pool;
  }
}
