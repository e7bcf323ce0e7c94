package dev.latentq.worker.metrics;

import dev.latentq.engine.residency.ModelPool;
import dev.latentq.engine.residency.PoolListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The model pool's metrics: {@code latentq_model_loads_total}, {@code latentq_model_evictions_total},
 * {@code latentq_model_load_failures_total} (tag {@code model}; failures also {@code permanent}),
 * {@code latentq_model_load_seconds} (timer), {@code latentq_model_resident_bytes} and
 * {@code latentq_model_memory_budget_bytes} (gauges; 0 budget: no limit). Model ids are the configured ones only.
 */
public final class ModelPoolMetrics implements PoolListener {
  private final MeterRegistry registry;

  public ModelPoolMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the gauges reading the pool. */
  public void bind(ModelPool pool) {
    Gauge.builder("latentq.model.resident.bytes", pool::residentBytes)
        .description("Bytes the loaded models and their LoRA variants hold (measured at load)").register(registry);
    Gauge.builder("latentq.model.memory.budget.bytes", pool::budget)
        .description("engine.memoryBudget in bytes; 0: no limit").register(registry);
  }

  @Override
  public void loaded(String model, long nanos, long bytes) {
    Counter.builder("latentq.model.loads").description("Model loads").tag("model", model).register(registry)
        .increment();
    Timer.builder("latentq.model.load").description("Time to load a model").tag("model", model).register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void evicted(String model, long bytes) {
    Counter.builder("latentq.model.evictions").description("Models evicted to make room in the memory budget")
        .tag("model", model).register(registry).increment();
  }

  @Override
  public void variantsEvicted(String model, long bytes) {
    Counter.builder("latentq.lora.variant.evictions").description("Times idle LoRA variants were closed to make"
        + " room in the memory budget").tag("model", model).register(registry).increment();
  }

  @Override
  public void loadFailed(String model, boolean permanent, String message) {
    Counter.builder("latentq.model.load.failures").description("Model loads that failed")
        .tag("model", model).tag("permanent", Boolean.toString(permanent)).register(registry).increment();
  }
}
