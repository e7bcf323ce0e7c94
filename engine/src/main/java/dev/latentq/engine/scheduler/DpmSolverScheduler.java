package dev.latentq.engine.scheduler;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * diffusers' {@code DPMSolverMultistepScheduler} run as DPM-Solver++ 2M ({@code algorithm_type="dpmsolver++"},
 * {@code solver_order=2}), with or without Karras sigmas.
 */
final class DpmSolverScheduler implements Scheduler {

  private static final Set<String> LEGACY_SOLVER_TYPES = Set.of("logrho", "bh1", "bh2");

  private final SchedulerKind kind;
  private final TrainingSchedule schedule;
  private final Prediction prediction;
  private final String spacing;
  private final int offset;
  private final boolean karras;
  private final Double sigmaMin;
  private final Double sigmaMax;
  private final boolean heun;
  private final boolean lowerOrderFinal;
  private final boolean eulerAtFinal;
  private final boolean finalSigmaZero;
  private final int lastTimestep;

  DpmSolverScheduler(SchedulerKind kind, SchedulerSettings settings) {
    this.kind = kind;
    for (String option : new String[] {"thresholding", "use_exponential_sigmas", "use_beta_sigmas",
        "use_lu_lambdas", "use_flow_sigmas", "use_dynamic_shifting"}) {
      settings.requireOff(option);
    }
    if (settings.optionalText("variance_type") != null) {
      throw settings.unsupported("variance_type", "'" + settings.optionalText("variance_type") + "'",
          "only null: models that predict their variance are not supported");
    }
    settings.requireOneOf("timestep_spacing", TimestepSpacing.NAMES);
    settings.requireOneOf("final_sigmas_type", Set.of("zero", "sigma_min"));
    String solverType = settings.text("solver_type");
    if (!LEGACY_SOLVER_TYPES.contains(solverType)) {
      settings.requireOneOf("solver_type", Set.of("midpoint", "heun"));
    }
    schedule = TrainingSchedule.from(settings, true);
    prediction = Prediction.from(settings, EnumSet.allOf(Prediction.class));
    spacing = settings.text("timestep_spacing");
    offset = settings.integer("steps_offset");
    karras = settings.flag("use_karras_sigmas");
    sigmaMin = settings.hiddenNumber("sigma_min");
    sigmaMax = settings.hiddenNumber("sigma_max");
    heun = "heun".equals(solverType);
    lowerOrderFinal = settings.flag("lower_order_final");
    eulerAtFinal = settings.flag("euler_at_final");
    finalSigmaZero = "zero".equals(settings.text("final_sigmas_type"));
    lastTimestep = schedule.length() - clippedCount(schedule, settings.number("lambda_min_clipped"));
  }

  /** The values {@code dpmpp_2m} / {@code dpmpp_2m_karras} force onto the config, like from_config kwargs. */
  static Map<String, Object> forcedSettings(SchedulerKind kind) {
    return Map.of("algorithm_type", "dpmsolver++", "solver_order", 2,
        "use_karras_sigmas", kind == SchedulerKind.DPMPP_2M_KARRAS);
  }

  @Override
  public SchedulerKind kind() {
    return kind;
  }

  @Override
  public SchedulePlan plan(int steps, double strength) {
    int skipped = BasePlan.skippedSteps(kind, steps, strength, schedule.length());
    float[] training = schedule.sigmas();
    int[] timesteps = TimestepSpacing.dpmSolver(spacing, schedule.length(), lastTimestep, steps, offset);
    double[] sigmas;
    if (karras) {
      sigmas = KarrasSigmas.between(sigmaMin != null ? sigmaMin : training[0],
          sigmaMax != null ? sigmaMax : training[training.length - 1], steps);
      float[] logSigmas = KarrasSigmas.logSigmas(training);
      timesteps = new int[sigmas.length];
      for (int i = 0; i < sigmas.length; i++) {
        double t = KarrasSigmas.sigmaToTimestep(sigmas[i], logSigmas);
        timesteps[i] = (int) (schedule.cosineBetas() ? t : Numpy.round(t));
      }
    } else {
      sigmas = new double[timesteps.length];
      for (int i = 0; i < timesteps.length; i++) {
        sigmas[i] = Numpy.interpolate(timesteps[i], training);
      }
    }
    float[] allSigmas = new float[sigmas.length + 1];
    for (int i = 0; i < sigmas.length; i++) {
      allSigmas[i] = (float) sigmas[i];
    }
    allSigmas[sigmas.length] = finalSigmaZero ? 0f : training[0];
    if (skipped == 0) {
      requireDistinctFirst(timesteps);
    }
    return new DpmSolverPlan(new DpmSolverPlan.Schedule(timesteps, allSigmas, skipped, firstOrderSteps(timesteps),
        heun, prediction), BasePlan.describe(kind, steps, strength));
  }

  // diffusers' lower_order_final: the last step is first order for a zero final sigma, euler_at_final,
  // or lower_order_final with fewer than 15 steps
  private boolean[] firstOrderSteps(int[] timesteps) {
    int n = timesteps.length;
    boolean[] firstOrder = new boolean[n];
    firstOrder[n - 1] = eulerAtFinal || (lowerOrderFinal && n < 15) || finalSigmaZero;
    return firstOrder;
  }

  private void requireDistinctFirst(int[] timesteps) {
    float[] asFloats = new float[timesteps.length];
    for (int i = 0; i < timesteps.length; i++) {
      asFloats[i] = timesteps[i];
    }
    SigmaPlan.requireDistinctFirst(kind, asFloats);
  }

  // torch.searchsorted(flip(lambda_t), lambda_min_clipped): how many training timesteps fall below the clip
  private static int clippedCount(TrainingSchedule schedule, double lambdaMinClipped) {
    float[] alphas = schedule.alphasCumprod();
    int n = alphas.length;
    float[] ascending = new float[n];
    for (int t = 0; t < n; t++) {
      float alpha = TrainingSchedule.sqrt(alphas[t]);
      float sigma = TrainingSchedule.sqrt(1f - alphas[t]);
      ascending[n - 1 - t] = Numpy.log(alpha) - Numpy.log(sigma);
    }
    float bound = (float) lambdaMinClipped;
    int start = 0;
    int end = n;
    while (start < end) {
      int mid = start + ((end - start) >> 1);
      if (!(ascending[mid] >= bound)) {
        start = mid + 1;
      } else {
        end = mid;
      }
    }
    return start;
  }
}
