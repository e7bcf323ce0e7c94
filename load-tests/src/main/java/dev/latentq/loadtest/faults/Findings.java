package dev.latentq.loadtest.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What a scenario did and found: the faults it injected (with the time since the run started), observations, and
 * violated goals. Fault lines also go to the progress sink as they happen. Thread-safe.
 */
public final class Findings {

  private final String scenario;
  private final long startNanos;
  private final Consumer<String> progress;
  private final List<String> faults = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();

  public Findings(String scenario, long startNanos, Consumer<String> progress) {
    this.scenario = scenario;
    this.startNanos = startNanos;
    this.progress = progress;
  }

  /** Records a fault injected now, e.g. {@code kill -9 w1 (3 jobs running)}. */
  public void fault(String text) {
    String line = String.format(Locale.ROOT, "t+%.1f s: %s", (System.nanoTime() - startNanos) / 1e9, text);
    synchronized (this) {
      faults.add(line);
    }
    progress.accept("[" + scenario + "] " + line);
  }

  /** Records an observation worth a line in the report. */
  public synchronized void note(String text) {
    notes.add(text);
  }

  /** Records a goal that did not hold. */
  public synchronized void violation(String text) {
    violations.add(text);
  }

  public synchronized List<String> faults() {
    return List.copyOf(faults);
  }

  public synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }
}
