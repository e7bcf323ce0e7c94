package dev.latentq.protocol.event;

/** The data of an event: the record value, as JSON. Every kind carries the id of its job. */
public sealed interface EventData
    permits AcceptedData, StartedData, ProgressData, SucceededData, FailedData, CanceledData {

  /** The job's id. */
  String id();
}
