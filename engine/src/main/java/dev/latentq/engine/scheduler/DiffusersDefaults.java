package dev.latentq.engine.scheduler;

import static dev.latentq.engine.scheduler.InitParameter.flag;
import static dev.latentq.engine.scheduler.InitParameter.integer;
import static dev.latentq.engine.scheduler.InitParameter.number;
import static dev.latentq.engine.scheduler.InitParameter.numbers;
import static dev.latentq.engine.scheduler.InitParameter.text;

import java.util.List;

/**
 * The {@code __init__} signatures (argument names and defaults) of the diffusers 0.40 scheduler classes we
 * reproduce. {@code from_config} fills every argument the file does not set with these target-class defaults.
 */
final class DiffusersDefaults {

  private static final List<InitParameter> DDIM = List.of(
      integer("num_train_timesteps", 1000),
      number("beta_start", 0.0001),
      number("beta_end", 0.02),
      text("beta_schedule", "linear"),
      numbers("trained_betas"),
      flag("clip_sample", true),
      flag("set_alpha_to_one", true),
      integer("steps_offset", 0),
      text("prediction_type", "epsilon"),
      flag("thresholding", false),
      number("dynamic_thresholding_ratio", 0.995),
      number("clip_sample_range", 1.0),
      number("sample_max_value", 1.0),
      text("timestep_spacing", "leading"),
      flag("rescale_betas_zero_snr", false));

  private static final List<InitParameter> PNDM = List.of(
      integer("num_train_timesteps", 1000),
      number("beta_start", 0.0001),
      number("beta_end", 0.02),
      text("beta_schedule", "linear"),
      numbers("trained_betas"),
      flag("skip_prk_steps", false),
      flag("set_alpha_to_one", false),
      text("prediction_type", "epsilon"),
      text("timestep_spacing", "leading"),
      integer("steps_offset", 0));

  private static final List<InitParameter> EULER = List.of(
      integer("num_train_timesteps", 1000),
      number("beta_start", 0.0001),
      number("beta_end", 0.02),
      text("beta_schedule", "linear"),
      numbers("trained_betas"),
      text("prediction_type", "epsilon"),
      text("interpolation_type", "linear"),
      flag("use_karras_sigmas", false),
      flag("use_exponential_sigmas", false),
      flag("use_beta_sigmas", false),
      number("sigma_min", null),
      number("sigma_max", null),
      text("timestep_spacing", "linspace"),
      text("timestep_type", "discrete"),
      integer("steps_offset", 0),
      flag("rescale_betas_zero_snr", false),
      text("final_sigmas_type", "zero"));

  private static final List<InitParameter> EULER_ANCESTRAL = List.of(
      integer("num_train_timesteps", 1000),
      number("beta_start", 0.0001),
      number("beta_end", 0.02),
      text("beta_schedule", "linear"),
      numbers("trained_betas"),
      text("prediction_type", "epsilon"),
      text("timestep_spacing", "linspace"),
      integer("steps_offset", 0),
      flag("rescale_betas_zero_snr", false));

  private static final List<InitParameter> DPM_SOLVER_MULTISTEP = List.of(
      integer("num_train_timesteps", 1000),
      number("beta_start", 0.0001),
      number("beta_end", 0.02),
      text("beta_schedule", "linear"),
      numbers("trained_betas"),
      integer("solver_order", 2),
      text("prediction_type", "epsilon"),
      flag("thresholding", false),
      number("dynamic_thresholding_ratio", 0.995),
      number("sample_max_value", 1.0),
      text("algorithm_type", "dpmsolver++"),
      text("solver_type", "midpoint"),
      flag("lower_order_final", true),
      flag("euler_at_final", false),
      flag("use_karras_sigmas", false),
      flag("use_exponential_sigmas", false),
      flag("use_beta_sigmas", false),
      flag("use_lu_lambdas", false),
      flag("use_flow_sigmas", false),
      number("flow_shift", 1.0),
      text("final_sigmas_type", "zero"),
      number("lambda_min_clipped", Double.NEGATIVE_INFINITY),
      text("variance_type", null),
      text("timestep_spacing", "linspace"),
      integer("steps_offset", 0),
      flag("rescale_betas_zero_snr", false),
      flag("use_dynamic_shifting", false),
      text("time_shift_type", "exponential"));

  private static final List<InitParameter> LCM = List.of(
      integer("num_train_timesteps", 1000),
      number("beta_start", 0.00085),
      number("beta_end", 0.012),
      text("beta_schedule", "scaled_linear"),
      numbers("trained_betas"),
      integer("original_inference_steps", 50),
      flag("clip_sample", false),
      number("clip_sample_range", 1.0),
      flag("set_alpha_to_one", true),
      integer("steps_offset", 0),
      text("prediction_type", "epsilon"),
      flag("thresholding", false),
      number("dynamic_thresholding_ratio", 0.995),
      number("sample_max_value", 1.0),
      text("timestep_spacing", "leading"),
      number("timestep_scaling", 10.0),
      flag("rescale_betas_zero_snr", false));

  private DiffusersDefaults() {
  }

  static List<InitParameter> forKind(SchedulerKind kind) {
    return switch (kind) {
      case DDIM -> DDIM;
      case PNDM -> PNDM;
      case EULER -> EULER;
      case EULER_ANCESTRAL -> EULER_ANCESTRAL;
      case DPMPP_2M, DPMPP_2M_KARRAS -> DPM_SOLVER_MULTISTEP;
      case LCM -> LCM;
    };
  }
}
