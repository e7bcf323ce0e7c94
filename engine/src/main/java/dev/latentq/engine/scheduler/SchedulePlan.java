package dev.latentq.engine.scheduler;

/**
 * The U-Net evaluations of one job and the update after each of them. Immutable and shareable between the samples
 * of a job; each sample keeps its own {@link SampleState}, so samples at different evaluations can share one U-Net
 * batch.
 */
public interface SchedulePlan {

  /** Number of U-Net evaluations (PNDM counts its repeated and Runge–Kutta timesteps). */
  int length();

  /** The timestep diffusers passes to the U-Net at evaluation {@code i} (fractional for Euler linspace/Karras). */
  double timestep(int i);

  /** The factor diffusers' {@code scale_model_input} applies at evaluation {@code i} (1 when it is the identity). */
  float modelInputScale(int i);

  /**
   * Writes {@code sample / sqrt(sigma^2 + 1)} (or a copy) into {@code out[outOffset..]}, dividing exactly as
   * diffusers' {@code scale_model_input} does, which can differ in the last bit from multiplying by
   * {@link #modelInputScale(int)}.
   */
  void scaleModelInput(int i, float[] sample, float[] out, int outOffset);

  /** The factor diffusers multiplies the starting standard-normal noise by (text-to-image). */
  float initNoiseSigma();

  /** True when {@link #step} at evaluation {@code i} needs fresh standard-normal noise. */
  boolean needsNoise(int i);

  /** A fresh per-sample state for latents of {@code elements} floats; its buffers are reused across steps. */
  SampleState newState(int elements);

  /**
   * Advances one sample after evaluation {@code i}: {@code sample} becomes the latents for evaluation
   * {@code i + 1} (after the last evaluation: the final latents to decode). Evaluations must be stepped in order.
   *
   * @param modelOutput the (guided) U-Net output for this sample; read only
   * @param noise standard-normal noise of the same size when {@link #needsNoise(int)} is true, otherwise ignored
   */
  void step(SampleState state, int i, float[] modelOutput, float[] sample, float[] noise);

  /**
   * Image-to-image start: noises {@code original} (encoded init latents) to the plan's first timestep the way the
   * diffusers scheduler's {@code add_noise} does; {@code out} may be {@code original} or {@code noise}.
   */
  void addNoise(float[] original, float[] noise, float[] out);

  /**
   * Noises {@code original} to the level of evaluation {@code i} the way the diffusers scheduler's
   * {@code add_noise} does at that point of the schedule (the list timestep for DDPM-style schedulers,
   * {@code sigmas[begin + i]} for sigma schedulers); {@link #addNoise(float[], float[], float[])} is {@code i = 0}.
   * 4-channel inpainting re-noises the init latents to the next evaluation's level after every step.
   */
  void addNoise(int i, float[] original, float[] noise, float[] out);

  /** Short human description for logs and image metadata, e.g. {@code DDIM, 20 steps}. */
  String description();
}
