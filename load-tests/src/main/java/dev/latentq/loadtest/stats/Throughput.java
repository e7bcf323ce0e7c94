package dev.latentq.loadtest.stats;

/**
 * Achieved rates over the measurement window: from the first submission to the last terminal event. Under overload
 * the window includes the drain after the last submission, so the rate approaches the system's capacity; below it,
 * the offered rate.
 *
 * @param windowSeconds first submission to last terminal event
 * @param jobsPerSecond succeeded jobs per second
 * @param imagesPerSecond images of succeeded jobs per second
 * @param submitRate nullable: jobs actually submitted per second between the first and the last submission
 */
public record Throughput(double windowSeconds, double jobsPerSecond, double imagesPerSecond, Double submitRate) {
}
