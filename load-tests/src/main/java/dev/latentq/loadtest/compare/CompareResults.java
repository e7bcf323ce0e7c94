package dev.latentq.loadtest.compare;

import java.util.List;

/**
 * @param policies step against request admission, per maximum batch
 * @param decoding today's decoding against batched decoding and text encoding, at {@code plan.decodeBatch()}
 */
public record CompareResults(CompareRunner.Plan plan, List<BatchComparison> policies, List<PolicyPoint> decoding,
    List<Priorities> priorities, List<BudgetPoint> budgets) {

  /**
   * One step latency budget.
   *
   * @param budgetMillis 0 for none
   * @param atLoad latency and throughput at {@code plan.budgetLoad()}
   * @param saturated throughput at the highest load
   */
  public record BudgetPoint(double budgetMillis, PolicyPoint atLoad, double saturated) {}

  /**
   * Preemption off and on with a share of high-priority jobs.
   *
   * @param loneMillis a lone job's latency, the yardstick for high-priority latency
   */
  public record Priorities(int maxBatch, double load, double highShare, double loneMillis,
      List<PriorityPoint> points) {}

  /**
   * @param capacity the cost model's images/s at this batch (per-image decode and text encoding)
   * @param loneMillis a lone job's latency
   * @param points both policies at every load
   */
  public record BatchComparison(int maxBatch, double capacity, double loneMillis, List<PolicyPoint> points) {
    PolicyPoint at(String label, double load) {
      return points.stream().filter(p -> p.label().equals(label) && p.load() == load).findFirst().orElse(null);
    }
  }

  static PolicyPoint at(List<PolicyPoint> points, String label, double load) {
    return points.stream().filter(p -> p.label().equals(label) && p.load() == load).findFirst().orElse(null);
  }
}
