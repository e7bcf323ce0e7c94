package dev.latentq.protocol.control;

import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.job.JobValidator;

/** A message on the control topic, keyed by the job id it concerns. */
public sealed interface ControlMessage {

  /** The job the message concerns; also the record key. */
  String id();

  /**
   * Cancels a queued or running job: {@code {"type":"cancel","id":"..."}}.
   *
   * @param id a valid job id
   */
  record Cancel(String id) implements ControlMessage {
    public Cancel {
      if (JobValidator.validId(id).isEmpty()) {
        throw new IllegalArgumentException("cancel needs a valid job id: it "
            + NamingRules.ID_EXPECTATION);
      }
    }
  }
}
