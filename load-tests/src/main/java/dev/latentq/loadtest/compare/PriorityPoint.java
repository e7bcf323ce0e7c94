package dev.latentq.loadtest.compare;

/**
 * One preemption configuration under a mix of high- and low-priority jobs.
 *
 * @param highP95 high-priority latency p95 in ms
 * @param lowThroughput low-priority images/s, from the first arrival to the last low-priority completion
 */
public record PriorityPoint(String label, int highJobs, int lowJobs, double highP50, double highP95, double lowP50,
    double lowP95, double lowThroughput, double throughput) {}
