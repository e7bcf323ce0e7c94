package dev.latentq.engine.scheduler;

/**
 * Mutable per-sample scheduler memory (previous model outputs, step counter, scratch buffers). Not thread-safe:
 * one sample is stepped by one thread at a time.
 */
public interface SampleState {

  /** Latent size in floats this state was made for. */
  int elements();

  /** The next evaluation index {@link SchedulePlan#step} expects for this sample. */
  int nextStep();
}
