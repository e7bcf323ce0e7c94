package dev.latentq.protocol.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A text-to-image (or img2img or inpainting) request, the JSON value of a record on the jobs topic. Optional fields are null when
 * absent; the worker then applies the defaults of its configuration and of the model. Limits are listed in
 * {@code protocol/README.md} and checked by {@link JobValidator}.
 *
 * @param id client-chosen id, 1-128 of {@code [A-Za-z0-9._-]}; the idempotency key and the record key
 * @param model id of a model in the worker's configuration
 * @param prompt what to draw (may be empty)
 * @param negativePrompt nullable: what to steer away from; default empty
 * @param promptSyntax nullable: how both prompts are read; default from configuration ({@code plain} unless set)
 * @param width nullable: image width in pixels, a multiple of 8; default from the model
 * @param height nullable: image height in pixels, a multiple of 8; default from the model
 * @param steps nullable: denoising steps; default from the model
 * @param guidanceScale nullable: classifier-free guidance scale; default from the model
 * @param scheduler nullable: noise scheduler; default from the model
 * @param seed nullable: seed in [0, 2^32 - 1]; random when absent, and reported in the succeeded event
 * @param numImages nullable: images to generate; default 1
 * @param initImage nullable: the init image for img2img and inpainting
 * @param mask nullable: the inpainting mask (grey, at least 128 = repaint, the init image's size), only with
 *     {@code initImage}
 * @param strength nullable: img2img strength in (0, 1], only with {@code initImage}; default from configuration
 * @param output nullable: where to write images; default from configuration
 * @param priority nullable: in [-100, 100], higher runs first; default 0
 * @param deadline nullable: the job fails with {@code deadline_exceeded} if it cannot finish by then
 * @param metadata nullable: any JSON object (at most 16 KiB), echoed verbatim in every event; treat as read-only
 * @param loras nullable: LoRAs to apply, by name in the worker's LoRA sources, at most 16 (the worker may allow fewer)
 */
public record Job(
    String id,
    String model,
    String prompt,
    String negativePrompt,
    PromptSyntaxName promptSyntax,
    Integer width,
    Integer height,
    Integer steps,
    Double guidanceScale,
    SchedulerName scheduler,
    Long seed,
    Integer numImages,
    ObjectRef initImage,
    ObjectRef mask,
    Double strength,
    OutputLocation output,
    Integer priority,
    Instant deadline,
    ObjectNode metadata,
    List<LoraRef> loras) {

  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    loras = loras == null ? null : List.copyOf(loras);
  }

  /** A builder for a job with the three required fields; the rest start absent. */
  public static Builder builder(String id, String model, String prompt) {
    return new Builder(id, model, prompt);
  }

  /** A builder starting from this job's values. */
  public Builder toBuilder() {
    return new Builder(id, model, prompt)
        .negativePrompt(negativePrompt)
        .promptSyntax(promptSyntax)
        .size(width, height)
        .steps(steps)
        .guidanceScale(guidanceScale)
        .scheduler(scheduler)
        .seed(seed)
        .numImages(numImages)
        .initImage(initImage)
        .mask(mask)
        .strength(strength)
        .output(output)
        .priority(priority)
        .deadline(deadline)
        .metadata(metadata)
        .loras(loras);
  }

  /** Builds {@link Job}s without a long positional constructor call. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String model;
    private String prompt;
    private String negativePrompt;
    private PromptSyntaxName promptSyntax;
    private Integer width;
    private Integer height;
    private Integer steps;
    private Double guidanceScale;
    private SchedulerName scheduler;
    private Long seed;
    private Integer numImages;
    private ObjectRef initImage;
    private ObjectRef mask;
    private Double strength;
    private OutputLocation output;
    private Integer priority;
    private Instant deadline;
    private ObjectNode metadata;
    private List<LoraRef> loras;

    private Builder(String id, String model, String prompt) {
      this.id = id;
      this.model = model;
      this.prompt = prompt;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    public Builder negativePrompt(String negativePrompt) {
      this.negativePrompt = negativePrompt;
      return this;
    }

    public Builder promptSyntax(PromptSyntaxName promptSyntax) {
      this.promptSyntax = promptSyntax;
      return this;
    }

    public Builder size(Integer width, Integer height) {
      this.width = width;
      this.height = height;
      return this;
    }

    public Builder steps(Integer steps) {
      this.steps = steps;
      return this;
    }

    public Builder guidanceScale(Double guidanceScale) {
      this.guidanceScale = guidanceScale;
      return this;
    }

    public Builder scheduler(SchedulerName scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    public Builder numImages(Integer numImages) {
      this.numImages = numImages;
      return this;
    }

    public Builder initImage(ObjectRef initImage) {
      this.initImage = initImage;
      return this;
    }

    /** Inpainting: where the mask is (needs {@link #initImage}). */
    public Builder mask(ObjectRef mask) {
      this.mask = mask;
      return this;
    }

    public Builder strength(Double strength) {
      this.strength = strength;
      return this;
    }

    public Builder output(OutputLocation output) {
      this.output = output;
      return this;
    }

    public Builder priority(Integer priority) {
      this.priority = priority;
      return this;
    }

    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    public Builder metadata(ObjectNode metadata) {
      this.metadata = metadata;
      return this;
    }

    /** LoRAs by name in the worker's LoRA sources (folder, then bucket); null (or omitted) for none. */
    public Builder loras(List<LoraRef> loras) {
      this.loras = loras;
      return this;
    }

    public Job build() {
      return new Job(id, model, prompt, negativePrompt, promptSyntax, width, height, steps, guidanceScale, scheduler,
          seed, numImages, initImage, mask, strength, output, priority, deadline, metadata, loras);
    }
  }
}
