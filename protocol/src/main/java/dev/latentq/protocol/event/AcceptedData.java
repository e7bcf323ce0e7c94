package dev.latentq.protocol.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Data of {@code dev.latentq.job.accepted}: a worker took the job off the jobs topic and queued it.
 *
 * @param id job id
 * @param model model id from the job
 * @param workerId the accepting worker
 * @param metadata nullable: the job's metadata, verbatim
 */
public record AcceptedData(String id, String model, String workerId, ObjectNode metadata) implements EventData {
  public AcceptedData {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(workerId, "workerId");
  }
}
