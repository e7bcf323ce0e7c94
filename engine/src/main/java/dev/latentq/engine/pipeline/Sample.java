package dev.latentq.engine.pipeline;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.model.Denoiser;
import dev.latentq.engine.scheduler.SampleState;
import dev.latentq.engine.scheduler.SchedulePlan;

/**
 * One image being denoised: its latents, its scheduler plan and state, its step, its guidance and its slice of
 * the job's noise. Samples of different jobs, at different steps, share U-Net calls. Mutable; owned by the
 * engine thread.
 */
public final class Sample {
  private final Object owner;
  private final int index;
  private final Conditioning conditioning;
  private final float guidance;
  private final SchedulePlan plan;
  private final SampleState state;
  private final NoiseStream noise;
  private final int channels;
  private final int latentHeight;
  private final int latentWidth;
  private final ModelVariant variant;
  private final float[] latents;
  private final float[] modelOutput;
  private final float[] stepNoise;
  private final float[] unetExtraInput;
  private final LatentBlend blend;
  private int step;
  private int noiseDraws = 1;

  Sample(Spec spec, float[] latents) {
    this(spec, latents, null, null);
  }

  /**
   * @param unetExtraInput for inpainting U-Nets: the channels after the latents (mask, masked-image latents),
   *     else null
   * @param blend for inpainting with a 4-channel U-Net, else null
   */
  Sample(Spec spec, float[] latents, float[] unetExtraInput, LatentBlend blend) {
    this.unetExtraInput = unetExtraInput;
    this.blend = blend;
    this.owner = spec.owner();
    this.index = spec.index();
    this.conditioning = spec.conditioning();
    this.guidance = (float) spec.guidance();
    this.plan = spec.plan();
    this.noise = spec.noise();
    this.channels = spec.channels();
    this.latentHeight = spec.latentHeight();
    this.latentWidth = spec.latentWidth();
    this.variant = spec.variant();
    this.latents = latents;
    this.state = plan.newState(latents.length);
    this.modelOutput = new float[latents.length];
    this.stepNoise = needsAnyNoise(plan) ? new float[latents.length] : null;
  }

  /**
   * What a sample is made of, besides its starting latents.
   *
   * @param owner whatever the caller uses to find the sample's job again (the engine never looks at it)
   * @param index the image's index within its job
   * @param variant the model variant of the sample's LoRA set (its U-Net), or null for the batch's own U-Net
   */
  record Spec(Object owner, int index, Conditioning conditioning, double guidance, SchedulePlan plan,
      NoiseStream noise, int channels, int latentHeight, int latentWidth, ModelVariant variant) {

    /** A sample on the batch's own U-Net, without LoRAs. */
    Spec(Object owner, int index, Conditioning conditioning, double guidance, SchedulePlan plan, NoiseStream noise,
        int channels, int latentHeight, int latentWidth) {
      this(owner, index, conditioning, guidance, plan, noise, channels, latentHeight, latentWidth, null);
    }
  }

  private static boolean needsAnyNoise(SchedulePlan plan) {
    for (int i = 0; i < plan.length(); i++) {
      if (plan.needsNoise(i)) {
        return true;
      }
    }
    return false;
  }

  public Object owner() {
    return owner;
  }

  public int index() {
    return index;
  }

  public Conditioning conditioning() {
    return conditioning;
  }

  public float guidance() {
    return guidance;
  }

  public SchedulePlan plan() {
    return plan;
  }

  public int latentChannels() {
    return channels;
  }

  public int latentHeight() {
    return latentHeight;
  }

  public int latentWidth() {
    return latentWidth;
  }

  /** The U-Net of this sample's LoRA set, or null for the batch's own. */
  public Denoiser denoiser() {
    return variant == null ? null : variant.unet();
  }

  /** The LoRA set this sample is denoised with: samples share a U-Net call only with samples of an equal set. */
  public LoraSet loras() {
    return variant == null ? LoraSet.NONE : variant.loras();
  }

  /** The sample left its batch (finished, removed or the batch closed): its variant may become idle. */
  void leftBatch() {
    if (variant != null) {
      variant.release();
    }
  }

  /** The current latents (after the last step: the denoised result). */
  public float[] latents() {
    return latents;
  }

  /** The next U-Net evaluation's index, 0-based. */
  public int step() {
    return step;
  }

  /** U-Net evaluations this sample needs in total. */
  public int totalSteps() {
    return plan.length();
  }

  public boolean done() {
    return step >= plan.length();
  }

  /** The timestep of the next evaluation. */
  public double timestep() {
    return plan.timestep(step);
  }

  /**
   * The U-Net input channels after the latents (mask and masked-image latents of an inpainting U-Net), the same
   * at every step; null when the U-Net takes the latents alone.
   */
  float[] unetExtraInput() {
    return unetExtraInput;
  }

  /** The noise prediction buffer the engine fills before {@link #advance()}. */
  float[] modelOutput() {
    return modelOutput;
  }

  /** Applies the scheduler to the prediction in {@link #modelOutput()} and moves to the next step. */
  void advance() {
    float[] fresh = null;
    if (plan.needsNoise(step)) {
      noise.read(noiseDraws++, index, stepNoise);
      fresh = stepNoise;
    }
    plan.step(state, step, modelOutput, latents, fresh);
    if (blend != null) {
      blend.apply(plan, step, latents);
    }
    step++;
  }

  @Override
  public String toString() {
    return "Sample[" + owner + "#" + index + " step " + step + "/" + plan.length() + "]";
  }
}
