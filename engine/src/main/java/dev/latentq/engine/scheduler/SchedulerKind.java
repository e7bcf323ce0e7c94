package dev.latentq.engine.scheduler;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The schedulers users can name in a job, each mapped to the diffusers class it reproduces. */
public enum SchedulerKind {
  DDIM("ddim", "DDIMScheduler", "DDIM"),
  PNDM("pndm", "PNDMScheduler", "PNDM"),
  EULER("euler", "EulerDiscreteScheduler", "Euler"),
  EULER_ANCESTRAL("euler_a", "EulerAncestralDiscreteScheduler", "Euler a"),
  DPMPP_2M("dpmpp_2m", "DPMSolverMultistepScheduler", "DPM++ 2M"),
  DPMPP_2M_KARRAS("dpmpp_2m_karras", "DPMSolverMultistepScheduler", "DPM++ 2M Karras"),
  LCM("lcm", "LCMScheduler", "LCM");

  private final String wireName;
  private final String diffusersClass;
  private final String displayName;

  SchedulerKind(String wireName, String diffusersClass, String displayName) {
    this.wireName = wireName;
    this.diffusersClass = diffusersClass;
    this.displayName = displayName;
  }

  /** The name users write, e.g. {@code euler_a}. */
  public String wireName() {
    return wireName;
  }

  /** The diffusers scheduler class whose behaviour this kind reproduces. */
  public String diffusersClass() {
    return diffusersClass;
  }

  /** Short human name for logs and image metadata, e.g. {@code DPM++ 2M Karras}. */
  public String displayName() {
    return displayName;
  }

  /** Builds this scheduler from a model's config with diffusers' {@code from_config} semantics. */
  public Scheduler create(SchedulerConfig config) {
    return Schedulers.create(this, config);
  }

  /**
   * The kind closest to the scheduler a model ships with ({@code _class_name}): the same class where we have it,
   * DPM++ 2M (Karras when the config asks for Karras sigmas) for other multistep solvers, Euler for other
   * sigma-based samplers and for unknown classes.
   */
  public static SchedulerKind defaultFor(SchedulerConfig config) {
    boolean karras = config.explicit("use_karras_sigmas").map(node -> node.asBoolean(false)).orElse(false);
    return switch (config.className().orElse("")) {
      case "DDIMScheduler", "DDPMScheduler" -> DDIM;
      case "PNDMScheduler" -> PNDM;
      case "EulerAncestralDiscreteScheduler" -> EULER_ANCESTRAL;
      case "DPMSolverMultistepScheduler", "DPMSolverSinglestepScheduler", "UniPCMultistepScheduler",
          "DEISMultistepScheduler", "DPMSolverSDEScheduler" -> karras ? DPMPP_2M_KARRAS : DPMPP_2M;
      case "LCMScheduler", "TCDScheduler" -> LCM;
      default -> EULER;
    };
  }

  /**
   * Looks a kind up by its wire name (case-insensitive, surrounding blanks ignored).
   *
   * @throws IllegalArgumentException naming the valid names when nothing matches
   */
  public static SchedulerKind fromName(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (SchedulerKind kind : values()) {
      if (kind.wireName.equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown scheduler '" + name + "': use one of " + validNames());
  }

  /** Comma-separated list of the wire names, for messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(SchedulerKind::wireName).collect(Collectors.joining(", "));
  }
}
