package dev.latentq.protocol.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** The noise schedulers a job may ask for, by wire name. */
public enum SchedulerName {
  DDIM("ddim"),
  PNDM("pndm"),
  EULER("euler"),
  EULER_A("euler_a"),
  DPMPP_2M("dpmpp_2m"),
  DPMPP_2M_KARRAS("dpmpp_2m_karras"),
  LCM("lcm");

  private final String wireName;

  SchedulerName(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in job JSON, e.g. {@code euler_a}. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** All wire names, in declaration order. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(SchedulerName::wireName).toList();
  }

  /**
   * The scheduler with this wire name.
   *
   * @throws IllegalArgumentException naming the accepted values if there is none
   */
  @JsonCreator
  public static SchedulerName fromWireName(String wireName) {
    for (SchedulerName name : values()) {
      if (name.wireName.equals(wireName)) {
        return name;
      }
    }
    throw new IllegalArgumentException(
        "unknown scheduler '" + wireName + "': use one of " + String.join(", ", wireNames()));
  }
}
