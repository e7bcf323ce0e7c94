package dev.latentq.protocol.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Data of {@code dev.latentq.job.started}: the job joined a GPU batch.
 *
 * @param id job id
 * @param model model id from the job
 * @param workerId the worker running the job
 * @param metadata nullable: the job's metadata, verbatim
 */
public record StartedData(String id, String model, String workerId, ObjectNode metadata) implements EventData {
  public StartedData {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(workerId, "workerId");
  }
}
