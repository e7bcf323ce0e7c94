package dev.latentq.engine.residency;

/** What a {@link ModelPool} reports (for metrics). Called on the engine or loader thread; must not block. */
public interface PoolListener {
  PoolListener NONE = new PoolListener() {};

  /** A model finished loading in {@code nanos}, holding {@code bytes}. */
  default void loaded(String model, long nanos, long bytes) {}

  /** A model was evicted (closed) to make room, freeing {@code bytes}. */
  default void evicted(String model, long bytes) {}

  /** A model's idle LoRA variants were closed to make room, freeing {@code bytes}. */
  default void variantsEvicted(String model, long bytes) {}

  /** A model failed to load; {@code permanent} when the export can never load as it is. */
  default void loadFailed(String model, boolean permanent, String message) {}
}
