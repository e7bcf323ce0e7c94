package dev.latentq.loadtest;

/** Receives progress of a {@link LoadRun} every status interval, on the run's thread. */
@FunctionalInterface
public interface RunObserver {

  /** Ignores progress. */
  RunObserver NONE = progress -> { };

  void onProgress(RunProgress progress);
}
