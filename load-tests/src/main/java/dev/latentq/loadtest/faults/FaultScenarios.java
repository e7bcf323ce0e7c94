package dev.latentq.loadtest.faults;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The scenarios by name, as the {@code faults} command offers them. */
public final class FaultScenarios {

  /** The names, in the order {@code all} runs them. */
  public static final List<String> NAMES = List.of("kill", "broker", "s3", "hostile", "rebalance",
      "semantics");

  private FaultScenarios() {
  }

  /**
   * How big the faults are.
   *
   * @param kills worker kills in {@code kill}
   * @param outage S3 downtime in {@code s3}
   * @param hostile hostile records in {@code hostile}
   * @param hostileKinds the kinds of hostile record to send
   */
  public record Sizes(int kills, Duration outage, int hostile, Set<HostileKind> hostileKinds) {
    /** The command's defaults: 20 kills, a 30 s outage, 10,000 hostile records of every kind. */
    public static final Sizes COMMAND_DEFAULTS = new Sizes(20, Duration.ofSeconds(30), 10_000,
        EnumSet.allOf(HostileKind.class));

    public Sizes {
      hostileKinds = Set.copyOf(hostileKinds);
    }
  }

  /**
   * The scenarios named {@code name}: one, or all of them for {@code all}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static List<FaultScenario> named(String name, Sizes sizes) {
    String key = name.toLowerCase(Locale.ROOT);
    if (key.equals("all")) {
      return NAMES.stream().map(n -> one(n, sizes)).toList();
    }
    return List.of(one(key, sizes));
  }

  private static FaultScenario one(String name, Sizes sizes) {
    return switch (name) {
      case "kill" -> new WorkerKillScenario(sizes.kills());
      case "broker" -> new BrokerRestartScenario();
      case "s3" -> new S3OutageScenario(sizes.outage());
      case "hostile" -> new HostileRecordsScenario(sizes.hostile(), sizes.hostileKinds());
      case "rebalance" -> new RebalanceScenario();
      case "semantics" -> new SemanticsScenario(SemanticsScenario.DEFAULT_CASES);
      default -> throw new IllegalArgumentException("unknown fault scenario '" + name + "': use one of " + NAMES
          + " or all");
    };
  }
}
