package dev.latentq.worker.jobs;

import dev.latentq.engine.batching.EngineListener.StepStats;
import dev.latentq.protocol.FailureCode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link JobObserver} that writes down what it is told, one line per call. */
final class RecordingObserver implements JobObserver {
  final List<String> calls = new CopyOnWriteArrayList<>();
  volatile JobTimes lastTimes;

  @Override
  public void succeeded(String model, JobTimes times) {
    lastTimes = times;
    calls.add("succeeded " + model);
  }

  @Override
  public void failed(String model, FailureCode code) {
    calls.add("failed " + model + " " + code.wireName());
  }

  @Override
  public void canceled(String model) {
    calls.add("canceled " + model);
  }

  @Override
  public void stepped(StepStats stats) {
    calls.add("stepped " + stats.model());
  }
}
