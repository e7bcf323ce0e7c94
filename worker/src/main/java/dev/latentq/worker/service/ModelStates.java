package dev.latentq.worker.service;

import dev.latentq.engine.residency.ModelPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The readiness body's view of the model pool: which models are loaded, loading, failed or not loaded. */
final class ModelStates {
  private ModelStates() {}

  /** E.g. {@code loaded [a (pinned), b]; loading [c]; failed [d: why]; unloaded [e]}. */
  static String describe(List<ModelPool.ModelStatus> models) {
    Map<ModelPool.State, List<String>> byState = new TreeMap<>();
    for (ModelPool.ModelStatus m : models) {
      String entry = m.id() + (m.pinned() ? " (pinned)" : "") + (m.failure() == null ? "" : ": " + m.failure());
      byState.computeIfAbsent(m.state(), s -> new ArrayList<>()).add(entry);
    }
    List<String> parts = new ArrayList<>();
    byState.forEach((state, ids) -> parts.add(state.name().toLowerCase(Locale.ROOT) + " " + ids));
    return String.join("; ", parts);
  }
}
