package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnsupportedOptionsTest {

  private static void assertRejected(SchedulerKind kind, String members, String key, String hint) {
    SchedulerConfig config = Fixtures.stableDiffusion("SomeScheduler", members);
    assertThatThrownBy(() -> Schedulers.create(kind, config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(hint);
  }

  @Test
  void thresholdingIsRejectedNamingTheKey() {
    assertRejected(SchedulerKind.DDIM, "\"thresholding\": true", "thresholding=true", "only false is supported");
    assertRejected(SchedulerKind.LCM, "\"thresholding\": true", "thresholding", "only false");
    assertRejected(SchedulerKind.DPMPP_2M, "\"thresholding\": true", "thresholding", "only false");
  }

  @Test
  void alternativeSigmaSchedulesAreRejected() {
    assertRejected(SchedulerKind.EULER, "\"use_exponential_sigmas\": true", "use_exponential_sigmas", "only false");
    assertRejected(SchedulerKind.EULER, "\"use_beta_sigmas\": true", "use_beta_sigmas", "only false");
    assertRejected(SchedulerKind.DPMPP_2M_KARRAS, "\"use_lu_lambdas\": true", "use_lu_lambdas", "only false");
    assertRejected(SchedulerKind.DPMPP_2M, "\"use_flow_sigmas\": true", "use_flow_sigmas", "only false");
  }

  @Test
  void unknownBetaScheduleListsTheSupportedOnes() {
    assertRejected(SchedulerKind.PNDM, "\"beta_schedule\": \"sigmoid\"", "beta_schedule='sigmoid'",
        "linear, scaled_linear, squaredcos_cap_v2");
  }

  @Test
  void predictionTypesAreCheckedPerClass() {
    assertRejected(SchedulerKind.EULER_ANCESTRAL, "\"prediction_type\": \"sample\"", "prediction_type='sample'",
        "epsilon, v_prediction");
    assertRejected(SchedulerKind.PNDM, "\"prediction_type\": \"sample\"", "prediction_type", "epsilon, v_prediction");
    assertRejected(SchedulerKind.DPMPP_2M, "\"prediction_type\": \"flow_prediction\"", "prediction_type",
        "epsilon, sample, v_prediction");
  }

  @Test
  void unknownSpacingInterpolationAndFinalSigmaAreRejected() {
    assertRejected(SchedulerKind.DDIM, "\"timestep_spacing\": \"uniform\"", "timestep_spacing",
        "leading, linspace, trailing");
    assertRejected(SchedulerKind.EULER, "\"interpolation_type\": \"cubic\"", "interpolation_type", "log_linear");
    assertRejected(SchedulerKind.DPMPP_2M, "\"final_sigmas_type\": \"denoise_to_zero\"", "final_sigmas_type",
        "sigma_min");
    assertRejected(SchedulerKind.DPMPP_2M, "\"solver_type\": \"rk4\"", "solver_type", "heun, midpoint");
  }

  @Test
  void varianceLearningModelsAreRejected() {
    assertRejected(SchedulerKind.DPMPP_2M, "\"variance_type\": \"learned_range\"", "variance_type", "only null");
  }

  @Test
  void trainedBetasMustCoverEveryTrainingStep() {
    assertRejected(SchedulerKind.DDIM, "\"trained_betas\": [0.1, 0.2], \"num_train_timesteps\": 3", "trained_betas",
        "exactly num_train_timesteps=3");
  }

  @Test
  void lcmOriginalStepsMustFitTheTrainingSchedule() {
    assertRejected(SchedulerKind.LCM, "\"original_inference_steps\": 2000", "original_inference_steps", "1 to");
  }

  @Test
  void wrongTypesAndNullsNameTheKeyAndTheFix() {
    assertRejected(SchedulerKind.DDIM, "\"steps_offset\": \"one\"", "steps_offset", "a whole number");
    assertRejected(SchedulerKind.DDIM, "\"clip_sample\": \"yes\"", "clip_sample", "true or false");
    assertRejected(SchedulerKind.EULER, "\"timestep_spacing\": null", "timestep_spacing to null", "give it a value");
  }
}
