package dev.latentq.loadtest.ledger;

/** How a submitted job ended, as far as the load generator could tell. */
public enum Outcome {
  SUCCEEDED,
  FAILED,
  CANCELED,
  /** No terminal event arrived within the timeout. */
  LOST,
  /** The producer could not deliver the job to Kafka, so no worker saw it. */
  NOT_SENT
}
