package dev.latentq.loadtest.compare;

import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import dev.latentq.loadtest.arrival.ArrivalSchedule;
import dev.latentq.loadtest.capacity.CostModelFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The scheduling comparisons: step against request admission on identical Poisson arrival sequences at fractions
 * of the cost model's capacity, per maximum batch; and today's decoding (each step's finished images at once, text
 * per job) against batched decoding and text encoding. Every run replays the engine's own lane on the simulated
 * accelerator in virtual time ({@link VirtualReplay}), so both sides see the same arrivals and the same costs.
 */
public final class CompareRunner {
  private final Plan plan;
  private final PrintStream console;
  private final CostModelFile capacityModel;
  private final VirtualReplay replay;

  /**
   * What to compare.
   *
   * @param batches maximum batch sizes in images (a guided image takes two U-Net rows)
   * @param loads offered load as fractions of the cost model's capacity at each batch size
   * @param duration arrivals per run, in virtual time
   * @param maxQueueDelay the request policy's wait for a full batch
   * @param decodeBatchImages images per VAE call for the batched-decoding side
   * @param decodeDelay how long finished images may wait for a full VAE call (batched side)
   * @param decodeBatch the maximum batch (images) of the decoding and preemption comparisons
   * @param priorityLoads offered loads of the preemption comparison
   * @param highShare share of high-priority jobs in the preemption comparison
   * @param stepBudgets step latency budgets to compare with none
   * @param budgetLoad the load at which the budgets' latency is measured
   * @param priorityStepLatency the step budget protecting high-priority jobs in the third priority configuration
   * @param priorityPreemptions how often one job may be displaced in that configuration
   */
  public record Plan(List<Integer> batches, List<Double> loads, Duration duration, int steps, String costModel,
      long seed, Duration maxQueueDelay, int decodeBatchImages, Duration decodeDelay, int decodeBatch,
      List<Double> priorityLoads, double highShare, List<Duration> stepBudgets, double budgetLoad,
      Duration priorityStepLatency, int priorityPreemptions, Path out) {}

  public CompareRunner(Plan plan, PrintStream console) {
    this.plan = plan;
    this.console = console;
    this.capacityModel = CostModelFile.load(plan.costModel());
    this.replay = new VirtualReplay(CostModel.load(plan.costModel()), plan.steps());
  }

  /** Runs every comparison and writes {@code compare.md} and the charts under the output folder. */
  public CompareResults run() throws IOException {
    SchedulingOptions today = SchedulingOptions.UNBATCHED;
    SchedulingOptions batched = SchedulingOptions.DEFAULTS.withDecodeBatching(plan.decodeBatchImages(),
        plan.decodeDelay());
    // Both policies with the same batched decoding and text encoding: only admission differs.
    SchedulingOptions step = batched.withMaxQueueDelay(plan.maxQueueDelay());
    SchedulingOptions request = step.withAdmission("request");
    List<CompareResults.BatchComparison> policies = new ArrayList<>();
    for (int batch : plan.batches()) {
      double capacity = capacityModel.capacity(batch, plan.steps());
      double lone = replay.run(new long[] {0}, new boolean[0], batch, step).percentile(0.5, null);
      List<PolicyPoint> points = new ArrayList<>();
      for (double load : plan.loads()) {
        long[] arrivals = poisson(load * capacity);
        points.add(measure("step", batch, load, capacity, arrivals, step));
        points.add(measure("request", batch, load, capacity, arrivals, request));
      }
      policies.add(new CompareResults.BatchComparison(batch, capacity, lone, points));
    }
    int batch = plan.decodeBatch();
    double capacity = capacityModel.capacity(batch, plan.steps());
    List<PolicyPoint> decoding = new ArrayList<>();
    for (double load : plan.loads()) {
      long[] arrivals = poisson(load * capacity);
      decoding.add(measure("today", batch, load, capacity, arrivals, today));
      decoding.add(measure("batched", batch, load, capacity, arrivals, batched));
    }
    List<CompareResults.Priorities> priorities = new ArrayList<>();
    for (double load : plan.priorityLoads()) {
      priorities.add(priorities(batched, load));
    }
    List<CompareResults.BudgetPoint> budgets = new ArrayList<>();
    double top = plan.loads().stream().mapToDouble(Double::doubleValue).max().orElse(1.2);
    long[] atLoad = poisson(plan.budgetLoad() * capacity);
    long[] saturating = poisson(top * capacity);
    List<Duration> budgetList = new ArrayList<>(List.of(Duration.ZERO));
    budgetList.addAll(plan.stepBudgets());
    for (Duration budget : budgetList) {
      SchedulingOptions options = batched.withMaxStepLatency(budget);
      String label = budget.isZero() ? "no budget" : budget.toMillis() + " ms";
      PolicyPoint point = measure(label, batch, plan.budgetLoad(), capacity, atLoad, options);
      double saturated = measure(label, batch, top, capacity, saturating, options).throughput();
      budgets.add(new CompareResults.BudgetPoint(budget.toNanos() / 1e6, point, saturated));
    }
    CompareResults results = new CompareResults(plan, policies, decoding, priorities, budgets);
    new CompareReport().write(results, plan.out());
    return results;
  }

  /** Preemption off and on, everything else as the batched-decoding side. */
  private CompareResults.Priorities priorities(SchedulingOptions base, double load) {
    int batch = plan.decodeBatch();
    long[] arrivals = poisson(load * capacityModel.capacity(batch, plan.steps()));
    boolean[] high = new boolean[arrivals.length];
    Random draw = new Random(plan.seed() + 1);
    for (int i = 0; i < high.length; i++) {
      high[i] = draw.nextDouble() < plan.highShare();
    }
    double lone = replay.run(new long[] {0}, new boolean[0], batch, base).percentile(0.5, null);
    List<PriorityPoint> points = new ArrayList<>();
    List<String> labels = List.of("priority orders the queue", "preemption (at most 2 per job)",
        String.format(Locale.ROOT, "protected (%s, at most %d preemptions)",
            plan.priorityStepLatency().toMillis() + " ms", plan.priorityPreemptions()));
    List<SchedulingOptions> configs = List.of(base.withMaxPreemptions(0), base.withMaxPreemptions(2),
        base.withMaxPreemptions(plan.priorityPreemptions()).withPriorityStepLatency(plan.priorityStepLatency()));
    for (int i = 0; i < configs.size(); i++) {
      String label = labels.get(i);
      PriorityPoint p = replay.run(arrivals, high, batch, configs.get(i)).priorities(label);
      console.printf(Locale.ROOT, "batch %2d  load %.2f  %-32s high p95 %6.0f ms  low p95 %6.0f ms  low %.2f img/s%n",
          batch, load, label, p.highP95(), p.lowP95(), p.lowThroughput());
      points.add(p);
    }
    return new CompareResults.Priorities(batch, load, plan.highShare(), lone, points);
  }

  private PolicyPoint measure(String label, int batch, double load, double capacity, long[] arrivals,
      SchedulingOptions scheduling) {
    PolicyPoint point = replay.run(arrivals, new boolean[0], batch, scheduling)
        .point(label, batch, load, load * capacity);
    console.printf(Locale.ROOT, "batch %2d  load %.2f  %-8s %5d jobs  p50 %7.0f  p95 %7.0f  p99 %7.0f ms  %.2f img/s"
            + "  busy %.1f %%%n", batch, load, label, point.jobs(), point.p50(), point.p95(), point.p99(),
        point.throughput(), 100 * point.acceleratorBusy());
    return point;
  }

  /** The same seeded Poisson sequence for every configuration at this rate. */
  private long[] poisson(double rate) {
    ArrivalSchedule schedule = ArrivalPlan.poisson(rate, plan.duration(), null).schedule(new Random(plan.seed()));
    List<Long> offsets = new ArrayList<>();
    schedule.forEachRemaining((long offset) -> offsets.add(offset));
    return offsets.stream().mapToLong(Long::longValue).toArray();
  }
}
