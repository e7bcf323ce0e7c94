package dev.latentq.loadtest.path;

/** The jobs both sides of a whole-path comparison run: bursts of {@code jobs} single-image jobs alike. */
public record PathWorkload(int jobs, int maxBatch, int size, int steps, double guidance) {
}
