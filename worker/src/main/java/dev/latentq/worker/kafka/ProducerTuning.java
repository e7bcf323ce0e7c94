package dev.latentq.worker.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Latency and failure bounds of the worker's event producer.
 *
 * <p>Together, {@code maxBlock} and {@code deliveryTimeout} bound how long a publish can stay pending: a send to a
 * missing topic fails after {@code maxBlock} (waiting for metadata), an unacknowledged record after
 * {@code deliveryTimeout}.
 *
 * @param linger how long the producer waits to fill a batch ({@code linger.ms})
 * @param requestTimeout how long one produce request may wait for the broker ({@code request.timeout.ms})
 * @param deliveryTimeout upper bound from send to acknowledgement, retries included ({@code delivery.timeout.ms})
 * @param maxBlock how long a send may wait for topic metadata or buffer space ({@code max.block.ms})
 */
public record ProducerTuning(Duration linger, Duration requestTimeout, Duration deliveryTimeout, Duration maxBlock) {

  /** 5 ms linger, 15 s request timeout, 30 s delivery timeout, 10 s max block. */
  public static final ProducerTuning DEFAULTS = new ProducerTuning(
      Duration.ofMillis(5), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(10));

  public ProducerTuning {
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
    Objects.requireNonNull(maxBlock, "maxBlock");
    if (linger.isNegative() || !requestTimeout.isPositive() || !maxBlock.isPositive()) {
      throw new IllegalArgumentException("producer tuning " + linger + "/" + requestTimeout + "/" + maxBlock
          + " is invalid: linger must be >= 0, request timeout and max block > 0");
    }
    // The Kafka producer refuses to start otherwise; say so here, where the numbers come from.
    if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
      throw new IllegalArgumentException("delivery timeout " + deliveryTimeout + " is shorter than linger "
          + linger + " + request timeout " + requestTimeout + ": raise it or lower the other two");
    }
  }
}
