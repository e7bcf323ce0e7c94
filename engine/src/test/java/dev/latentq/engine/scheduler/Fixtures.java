package dev.latentq.engine.scheduler;

import java.nio.file.Path;

/** Scheduler configs used by the tests: the fixture models' files plus inline variants. */
final class Fixtures {

  /** The scheduler config of models/shapes-sd (DDIM, epsilon, clip_sample false), copied verbatim. */
  static final String SHAPES_SD_JSON = """
      {
        "_class_name": "DDIMScheduler",
        "_diffusers_version": "0.40.0.dev0",
        "beta_end": 0.012,
        "beta_schedule": "scaled_linear",
        "beta_start": 0.00085,
        "clip_sample": false,
        "clip_sample_range": 1.0,
        "dynamic_thresholding_ratio": 0.995,
        "num_train_timesteps": 1000,
        "prediction_type": "epsilon",
        "rescale_betas_zero_snr": false,
        "sample_max_value": 1.0,
        "set_alpha_to_one": false,
        "steps_offset": 1,
        "thresholding": false,
        "timestep_spacing": "leading",
        "trained_betas": null
      }
      """;

  /** Latents used by the step tests. */
  static final float[] SAMPLE = {0.5f, -1.25f, 2.0f, -0.75f};
  /** A model output used by single-step tests. */
  static final float[] OUTPUT = {0.1f, -0.3f, 0.7f, -1.1f};
  /** Standard-normal noise used by the ancestral, LCM and image-to-image tests. */
  static final float[] NOISE = {0.3f, -0.8f, 1.2f, 0.05f};

  private Fixtures() {
  }

  /** {@code ../fixtures/<model>/scheduler/scheduler_config.json}. */
  static SchedulerConfig model(String model) {
    return SchedulerConfig.read(Path.of("../fixtures", model, "scheduler", "scheduler_config.json"));
  }

  static SchedulerConfig shapesSd() {
    return SchedulerConfig.parse(SHAPES_SD_JSON, "shapes-sd");
  }

  /** Stable Diffusion betas (scaled_linear 0.00085..0.012) plus the given JSON members, e.g. {@code "a": 1}. */
  static SchedulerConfig stableDiffusion(String className, String extraMembers) {
    String extra = extraMembers.isBlank() ? "" : ", " + extraMembers;
    return SchedulerConfig.parse("{\"_class_name\": \"" + className + "\", \"beta_schedule\": \"scaled_linear\", "
        + "\"beta_start\": 0.00085, \"beta_end\": 0.012" + extra + "}", className + " test config");
  }

  static SchedulePlan plan(SchedulerKind kind, SchedulerConfig config, int steps) {
    return Schedulers.create(kind, config).plan(steps, 1.0);
  }

  /** The model output of evaluation {@code i} in multi-step tests: OUTPUT + 0.125 * i (float32). */
  static float[] output(int i) {
    float[] out = new float[OUTPUT.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = OUTPUT[k] + 0.125f * (float) i;
    }
    return out;
  }

  /** Steps a copy of SAMPLE through the first {@code count} evaluations with {@link #output(int)}. */
  static float[] run(SchedulePlan plan, int count) {
    float[] sample = SAMPLE.clone();
    SampleState state = plan.newState(sample.length);
    for (int i = 0; i < count; i++) {
      plan.step(state, i, output(i), sample, plan.needsNoise(i) ? scaledNoise(i + 1) : null);
    }
    return sample;
  }

  /** NOISE * factor in float32. */
  static float[] scaledNoise(int factor) {
    float[] out = new float[NOISE.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = NOISE[k] * (float) factor;
    }
    return out;
  }

  static double[] timesteps(SchedulePlan plan) {
    double[] out = new double[plan.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = plan.timestep(i);
    }
    return out;
  }

  static float[] stepOnce(SchedulePlan plan, float[] output, float[] noise) {
    float[] sample = SAMPLE.clone();
    plan.step(plan.newState(sample.length), 0, output, sample, noise);
    return sample;
  }
}
