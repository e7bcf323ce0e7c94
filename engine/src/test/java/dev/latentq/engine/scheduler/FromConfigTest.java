package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** diffusers' {@code Target.from_config(config)}: explicit keys the target accepts, otherwise target defaults. */
class FromConfigTest {

  @Test
  void pndmConfigTurnedIntoDdimTakesDdimDefaultsForKeysItLacks() {
    SchedulerSettings ddim = SchedulerSettings.resolve(SchedulerKind.DDIM, Fixtures.model("tiny-sd15"), Map.of());
    assertThat(ddim.flag("clip_sample")).isTrue();
    assertThat(ddim.number("clip_sample_range")).isEqualTo(1.0);
    assertThat(ddim.flag("thresholding")).isFalse();
    // explicit in the PNDM file and accepted by DDIM
    assertThat(ddim.flag("set_alpha_to_one")).isFalse();
    assertThat(ddim.integer("steps_offset")).isEqualTo(1);
    assertThat(ddim.text("timestep_spacing")).isEqualTo("leading");
    assertThat(ddim.text("beta_schedule")).isEqualTo("scaled_linear");
  }

  @Test
  void missingKeysTakeTheTargetClassDefaultsNotTheSourceClassOnes() {
    SchedulerConfig bare = Fixtures.stableDiffusion("DDIMScheduler", "");
    SchedulerSettings euler = SchedulerSettings.resolve(SchedulerKind.EULER, bare, Map.of());
    assertThat(euler.text("timestep_spacing")).isEqualTo("linspace");
    assertThat(euler.integer("steps_offset")).isZero();
    assertThat(euler.text("interpolation_type")).isEqualTo("linear");
    SchedulerSettings ddim = SchedulerSettings.resolve(SchedulerKind.DDIM, bare, Map.of());
    assertThat(ddim.text("timestep_spacing")).isEqualTo("leading");
    assertThat(ddim.flag("set_alpha_to_one")).isTrue();
    SchedulerSettings pndm = SchedulerSettings.resolve(SchedulerKind.PNDM, bare, Map.of());
    assertThat(pndm.flag("skip_prk_steps")).isFalse();
    assertThat(pndm.flag("set_alpha_to_one")).isFalse();
  }

  @Test
  void lcmDefaultsIncludeItsDistillationSettings() {
    SchedulerSettings lcm = SchedulerSettings.resolve(SchedulerKind.LCM, Fixtures.model("tiny-sd15"), Map.of());
    assertThat(lcm.integer("original_inference_steps")).isEqualTo(50);
    assertThat(lcm.number("timestep_scaling")).isEqualTo(10.0);
    assertThat(lcm.flag("clip_sample")).isFalse();
    assertThat(lcm.flag("set_alpha_to_one")).isFalse();
    SchedulerSettings bare = SchedulerSettings.resolve(SchedulerKind.LCM, SchedulerConfig.parse("{}", "empty"),
        Map.of());
    assertThat(bare.text("beta_schedule")).isEqualTo("scaled_linear");
    assertThat(bare.number("beta_start")).isEqualTo(0.00085);
    assertThat(bare.flag("set_alpha_to_one")).isTrue();
  }

  @Test
  void spacingEqualToTheSavingClassDefaultIsNotPassedToAnotherClass() {
    // The SD 1.5 PNDM file says "leading" only because save_pretrained wrote PNDM's default; diffusers' reference
    // images for Euler on that model use Euler's own "linspace".
    SchedulerConfig pndm = Fixtures.model("tiny-sd15");
    assertThat(SchedulerSettings.resolve(SchedulerKind.EULER, pndm, Map.of()).text("timestep_spacing"))
        .isEqualTo("linspace");
    assertThat(SchedulerSettings.resolve(SchedulerKind.DPMPP_2M, pndm, Map.of()).text("timestep_spacing"))
        .isEqualTo("linspace");
    assertThat(SchedulerSettings.resolve(SchedulerKind.DDIM, pndm, Map.of()).text("timestep_spacing"))
        .isEqualTo("leading");
  }

  @Test
  void spacingOtherThanTheSavingClassDefaultIsPassedOn() {
    SchedulerConfig trailing = Fixtures.stableDiffusion("PNDMScheduler", "\"timestep_spacing\": \"trailing\"");
    assertThat(SchedulerSettings.resolve(SchedulerKind.EULER, trailing, Map.of()).text("timestep_spacing"))
        .isEqualTo("trailing");
    SchedulerConfig eulerLeading = Fixtures.model("tiny-sdxl");
    assertThat(SchedulerSettings.resolve(SchedulerKind.EULER, eulerLeading, Map.of()).text("timestep_spacing"))
        .isEqualTo("leading");
    assertThat(SchedulerSettings.resolve(SchedulerKind.DDIM, eulerLeading, Map.of()).text("timestep_spacing"))
        .isEqualTo("leading");
  }

  @Test
  void keysListedInUseDefaultValuesFallBackToTheTargetDefault() {
    SchedulerConfig config = SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\", \"timestep_spacing\": "
        + "\"leading\", \"steps_offset\": 1, \"_use_default_values\": [\"timestep_spacing\"]}", "test");
    SchedulerSettings euler = SchedulerSettings.resolve(SchedulerKind.EULER, config, Map.of());
    assertThat(euler.text("timestep_spacing")).isEqualTo("linspace");
    assertThat(euler.integer("steps_offset")).isEqualTo(1);
  }

  @Test
  void keysOnlyOtherClassesAcceptDoNotReachTheTarget() {
    SchedulerSettings ddim = SchedulerSettings.resolve(SchedulerKind.DDIM, Fixtures.model("tiny-sdxl"), Map.of());
    assertThat(ddim.accepts("interpolation_type")).isFalse();
    assertThat(ddim.accepts("use_karras_sigmas")).isFalse();
    assertThat(ddim.flag("clip_sample")).isTrue();
    SchedulerSettings euler = SchedulerSettings.resolve(SchedulerKind.EULER, Fixtures.model("tiny-sd2v"), Map.of());
    assertThat(euler.text("prediction_type")).isEqualTo("v_prediction");
    assertThat(euler.accepts("clip_sample")).isFalse();
  }

  @Test
  void dpmKindsForceTheSolverSettingsOverTheConfig() {
    SchedulerConfig config = Fixtures.stableDiffusion("DPMSolverMultistepScheduler",
        "\"algorithm_type\": \"sde-dpmsolver++\", \"solver_order\": 3, \"use_karras_sigmas\": true");
    SchedulerSettings plain = SchedulerSettings.resolve(SchedulerKind.DPMPP_2M, config,
        DpmSolverScheduler.forcedSettings(SchedulerKind.DPMPP_2M));
    assertThat(plain.text("algorithm_type")).isEqualTo("dpmsolver++");
    assertThat(plain.integer("solver_order")).isEqualTo(2);
    assertThat(plain.flag("use_karras_sigmas")).isFalse();
    SchedulerSettings karras = SchedulerSettings.resolve(SchedulerKind.DPMPP_2M_KARRAS, config,
        DpmSolverScheduler.forcedSettings(SchedulerKind.DPMPP_2M_KARRAS));
    assertThat(karras.flag("use_karras_sigmas")).isTrue();
  }

  @Test
  void legacyUniPcSolverTypeIsReadAsMidpointLikeDiffusers() {
    SchedulerConfig uniPc = Fixtures.stableDiffusion("UniPCMultistepScheduler",
        "\"solver_type\": \"bh2\", \"timestep_spacing\": \"leading\", \"steps_offset\": 1");
    SchedulerConfig midpoint = Fixtures.stableDiffusion("DPMSolverMultistepScheduler",
        "\"solver_type\": \"midpoint\", \"timestep_spacing\": \"leading\", \"steps_offset\": 1");
    assertThat(Fixtures.run(Fixtures.plan(SchedulerKind.DPMPP_2M, uniPc, 4), 4))
        .containsExactly(Fixtures.run(Fixtures.plan(SchedulerKind.DPMPP_2M, midpoint, 4), 4));
  }
}
