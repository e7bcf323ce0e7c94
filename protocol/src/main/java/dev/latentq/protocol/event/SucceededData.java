package dev.latentq.protocol.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * Data of {@code dev.latentq.job.succeeded}: every image is stored. Together with the job's prompt the fields here
 * reproduce each image.
 *
 * @param id job id
 * @param model model id
 * @param workerId the worker that ran the job
 * @param images the stored images, by index
 * @param timings where the time went
 * @param scheduler the scheduler used (wire name, e.g. {@code euler_a})
 * @param steps denoising steps used
 * @param guidanceScale guidance scale used
 * @param metadata nullable: the job's metadata, verbatim
 */
public record SucceededData(
    String id,
    String model,
    String workerId,
    List<GeneratedImage> images,
    Timings timings,
    String scheduler,
    int steps,
    double guidanceScale,
    ObjectNode metadata) implements EventData {

  public SucceededData {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(workerId, "workerId");
    images = List.copyOf(Objects.requireNonNull(images, "images"));
    Objects.requireNonNull(timings, "timings");
    Objects.requireNonNull(scheduler, "scheduler");
  }
}
