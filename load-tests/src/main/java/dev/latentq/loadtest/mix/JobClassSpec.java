package dev.latentq.loadtest.mix;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.latentq.protocol.Durations;
import dev.latentq.protocol.job.SchedulerName;
import java.util.List;

/**
 * A job class as written in a mix file or a {@code --class} option: every field but {@code name} is optional and
 * falls back to the {@link JobClass#builder(String) shapes-sd defaults}.
 *
 * @param name class name
 * @param weight nullable: relative frequency, default 1
 * @param model nullable: model id
 * @param width nullable: width in pixels
 * @param height nullable: height in pixels
 * @param size nullable: width and height at once; conflicts with width or height
 * @param steps nullable: denoising steps
 * @param guidance nullable: guidance scale
 * @param numImages nullable: images per job
 * @param priority nullable: priority in [-100, 100]
 * @param scheduler nullable: scheduler wire name, e.g. {@code euler_a}
 * @param deadline nullable: deadline offset from submission, e.g. {@code 30s}
 * @param prompts nullable: prompts to draw from
 */
public record JobClassSpec(
    @JsonProperty(required = true) String name,
    Double weight,
    String model,
    Integer width,
    Integer height,
    Integer size,
    Integer steps,
    Double guidance,
    Integer numImages,
    Integer priority,
    String scheduler,
    String deadline,
    List<String> prompts) {

  /** The class, with defaults for absent fields. */
  public JobClass toJobClass() {
    if (name == null) {
      throw new IllegalArgumentException("a job class has no name: give every class a name");
    }
    if (size != null && (width != null || height != null)) {
      throw new IllegalArgumentException("job class '" + name + "' sets size and width/height: use one or the other");
    }
    JobClass.Builder builder = JobClass.builder(name);
    JobClass defaults = builder.build();
    int w = size != null ? size : width != null ? width : defaults.width();
    int h = size != null ? size : height != null ? height : defaults.height();
    builder.size(w, h);
    if (weight != null) {
      builder.weight(weight);
    }
    if (model != null) {
      builder.model(model);
    }
    if (steps != null) {
      builder.steps(steps);
    }
    if (guidance != null) {
      builder.guidance(guidance);
    }
    if (numImages != null) {
      builder.numImages(numImages);
    }
    if (priority != null) {
      builder.priority(priority);
    }
    if (scheduler != null) {
      builder.scheduler(SchedulerName.fromWireName(scheduler));
    }
    if (deadline != null) {
      builder.deadlineOffset(Durations.parse(deadline));
    }
    if (prompts != null) {
      builder.prompts(prompts);
    }
    return builder.build();
  }
}
