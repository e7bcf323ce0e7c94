package dev.latentq.loadtest.mix;

import dev.latentq.protocol.job.SchedulerName;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One kind of job in a load mix: how often it is drawn and what it asks the workers to do. Build one with
 * {@link #builder(String)}; unset fields take the defaults of the demo model {@code shapes-sd}.
 *
 * @param name short label used in reports and in job metadata, 1-64 of {@code [A-Za-z0-9._-]}
 * @param weight relative frequency, positive; weights need not sum to anything
 * @param model model id the workers know
 * @param width image width in pixels
 * @param height image height in pixels
 * @param steps denoising steps
 * @param guidance classifier-free guidance scale
 * @param numImages images per job
 * @param priority job priority in [-100, 100]
 * @param scheduler nullable: the noise scheduler, or the model default
 * @param deadlineOffset nullable: each job's deadline is its submit time plus this
 * @param prompts prompts to draw from uniformly; empty means the {@link ShapesWorld} prompts
 */
public record JobClass(String name, double weight, String model, int width, int height, int steps, double guidance,
    int numImages, int priority, SchedulerName scheduler, Duration deadlineOffset, List<String> prompts) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public JobClass {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("job class name '" + name + "' is invalid: use 1-64 characters of "
          + "[A-Za-z0-9._-]");
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("job class '" + name + "' has weight " + weight + ": use a positive number");
    }
    Objects.requireNonNull(model, "model");
    if (deadlineOffset != null && (deadlineOffset.isNegative() || deadlineOffset.isZero())) {
      throw new IllegalArgumentException("job class '" + name + "' has deadline offset " + deadlineOffset
          + ": use a positive duration such as 30s, or leave it out");
    }
    prompts = List.copyOf(Objects.requireNonNull(prompts, "prompts"));
  }

  /** A builder with the {@code shapes-sd} defaults: 128x128, 20 steps, guidance 5, 1 image, priority 0. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds {@link JobClass}es. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private double weight = 1;
    private String model = ShapesWorld.MODEL_ID;
    private int width = ShapesWorld.SIZE;
    private int height = ShapesWorld.SIZE;
    private int steps = 20;
    private double guidance = 5.0;
    private int numImages = 1;
    private int priority;
    private SchedulerName scheduler;
    private Duration deadlineOffset;
    private List<String> prompts = List.of();

    private Builder(String name) {
      this.name = name;
    }

    public Builder weight(double value) {
      weight = value;
      return this;
    }

    public Builder model(String value) {
      model = value;
      return this;
    }

    public Builder size(int widthPixels, int heightPixels) {
      width = widthPixels;
      height = heightPixels;
      return this;
    }

    public Builder steps(int value) {
      steps = value;
      return this;
    }

    public Builder guidance(double value) {
      guidance = value;
      return this;
    }

    public Builder numImages(int value) {
      numImages = value;
      return this;
    }

    public Builder priority(int value) {
      priority = value;
      return this;
    }

    public Builder scheduler(SchedulerName value) {
      scheduler = value;
      return this;
    }

    public Builder deadlineOffset(Duration value) {
      deadlineOffset = value;
      return this;
    }

    public Builder prompts(List<String> value) {
      prompts = value;
      return this;
    }

    public JobClass build() {
      return new JobClass(name, weight, model, width, height, steps, guidance, numImages, priority, scheduler,
          deadlineOffset, prompts);
    }
  }
}
