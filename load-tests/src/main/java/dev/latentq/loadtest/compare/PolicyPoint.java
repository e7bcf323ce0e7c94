package dev.latentq.loadtest.compare;

/**
 * One scheduling configuration at one offered load, replayed in virtual time.
 *
 * @param label the configuration, e.g. {@code step} or {@code request}
 * @param load offered load as a fraction of the cost model's capacity
 * @param offered offered images/s
 * @param jobs jobs replayed (all succeeded)
 * @param p50 latency percentiles in ms, from arrival to decoded image
 * @param throughput images/s from the first arrival to the last completion
 * @param acceleratorBusy share of that time the simulated accelerator was busy (U-Net, VAE, text encoder)
 * @param unetBusy share of that time in U-Net calls
 * @param tail where the slowest 5 % of the jobs spent their time
 */
public record PolicyPoint(String label, int maxBatch, double load, double offered, int jobs, double p50, double p95,
    double p99, double throughput, double acceleratorBusy, double unetBusy, Tail tail) {
  /**
   * Means over the jobs at or above p95, in ms.
   *
   * @param queued from arrival until joining a batch
   * @param decode the VAE call; {@code latency - queued - decode} is denoising plus waiting for the VAE call
   */
  public record Tail(double latency, double queued, double decode) {}
}
