package dev.latentq.protocol.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Data of {@code dev.latentq.job.canceled}: the job was canceled before it finished; no images are kept.
 *
 * @param id job id
 * @param reason why, e.g. {@code canceled by control message}
 * @param workerId the worker that canceled the job
 * @param metadata nullable: the job's metadata, verbatim
 */
public record CanceledData(String id, String reason, String workerId, ObjectNode metadata) implements EventData {
  public CanceledData {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(workerId, "workerId");
  }
}
