package dev.latentq.engine.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments a diffusers {@code Target.from_config(config, **forced)} would pass to the target's
 * {@code __init__}: forced values first, then values the file sets explicitly, then the target's defaults.
 * Keys the target does not accept never reach it (diffusers drops or hides them). Immutable.
 */
final class SchedulerSettings {

  private final SchedulerKind kind;
  private final String source;
  private final Map<String, Object> values;
  private final SchedulerConfig config;

  private SchedulerSettings(SchedulerKind kind, String source, Map<String, Object> values, SchedulerConfig config) {
    this.kind = kind;
    this.source = source;
    this.values = values;
    this.config = config;
  }

  static SchedulerSettings resolve(SchedulerKind kind, SchedulerConfig config, Map<String, Object> forced) {
    String source = config.className().map(name -> "scheduler config (" + name + ")").orElse("scheduler config");
    Map<String, Object> values = new HashMap<>();
    for (InitParameter parameter : DiffusersDefaults.forKind(kind)) {
      String name = parameter.name();
      Object value;
      if (forced.containsKey(name)) {
        value = forced.get(name);
      } else {
        Optional<JsonNode> node = passedOn(config, name, kind);
        value = node.isPresent() ? read(parameter, node.get(), kind, source) : parameter.defaultValue();
      }
      values.put(name, value);
    }
    return new SchedulerSettings(kind, source, Collections.unmodifiableMap(values), config);
  }

  /**
   * What diffusers' {@code from_config} would pass on for {@code name}. A saved config carries every argument,
   * including those {@code save_pretrained} filled in from the saving class's defaults, while {@code from_config}
   * only passes on what the original config set ({@code _use_default_values}). {@code timestep_spacing} is younger
   * than the SD 1.x/2.x configs, so there it is usually such a filled-in default: when converting to another class,
   * a spacing equal to the saving class's own default is treated as unset, and the target's default applies —
   * what diffusers does with those models' original configs (an SD 1.5 PNDM config gives Euler "linspace").
   */
  private static Optional<JsonNode> passedOn(SchedulerConfig config, String name, SchedulerKind target) {
    Optional<JsonNode> node = config.explicit(name);
    if (!name.equals("timestep_spacing") || node.isEmpty() || !node.get().isTextual()) {
      return node;
    }
    String saving = config.className().orElse("");
    for (SchedulerKind source : SchedulerKind.values()) {
      if (source.diffusersClass().equals(saving) && !saving.equals(target.diffusersClass())) {
        boolean filledIn = DiffusersDefaults.forKind(source).stream()
            .anyMatch(p -> p.name().equals(name) && node.get().textValue().equals(p.defaultValue()));
        return filledIn ? Optional.empty() : node;
      }
    }
    return node;
  }

  /** Whether the target class has an argument called {@code name}. */
  boolean accepts(String name) {
    return values.containsKey(name);
  }

  int integer(String name) {
    return (Integer) require(name);
  }

  double number(String name) {
    return (Double) require(name);
  }

  Double optionalNumber(String name) {
    return (Double) known(name);
  }

  boolean flag(String name) {
    return (Boolean) require(name);
  }

  String text(String name) {
    return (String) require(name);
  }

  String optionalText(String name) {
    return (String) known(name);
  }

  double[] optionalNumbers(String name) {
    double[] list = (double[]) known(name);
    return list == null ? null : list.clone();
  }

  /**
   * A numeric key the target class does not accept but that diffusers still registers on the scheduler's config
   * ("hidden" keys, e.g. an Euler {@code sigma_min} seen by DPM-Solver's Karras conversion).
   */
  Double hiddenNumber(String name) {
    return config.explicit(name).filter(JsonNode::isNumber).map(JsonNode::doubleValue).orElse(null);
  }

  /** Fails unless the value of {@code name} is one of {@code supported}. */
  void requireOneOf(String name, Set<String> supported) {
    String value = text(name);
    if (!supported.contains(value)) {
      throw unsupported(name, "'" + value + "'", "supported: " + String.join(", ", supported.stream().sorted()
          .toList()));
    }
  }

  /** Fails when a boolean option we do not implement is switched on. */
  void requireOff(String name) {
    if (flag(name)) {
      throw unsupported(name, "true", "only false is supported");
    }
  }

  IllegalArgumentException unsupported(String name, String value, String supported) {
    return new IllegalArgumentException(source + " sets " + name + "=" + value + ", which the '" + kind.wireName()
        + "' scheduler does not support (" + supported + "): fix the scheduler config or pick another scheduler");
  }

  private Object require(String name) {
    Object value = known(name);
    if (value == null) {
      throw new IllegalArgumentException(source + " sets " + name + " to null, which diffusers' "
          + kind.diffusersClass() + " cannot use: remove the key or give it a value");
    }
    return value;
  }

  private Object known(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalStateException(name + " is not an argument of " + kind.diffusersClass());
    }
    return values.get(name);
  }

  private static Object read(InitParameter parameter, JsonNode node, SchedulerKind kind, String source) {
    if (node.isNull()) {
      return null;
    }
    String name = parameter.name();
    switch (parameter.type()) {
      case INT -> {
        if (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()) && node.canConvertToInt()) {
          return node.asInt();
        }
      }
      case FLOAT -> {
        if (node.isNumber()) {
          return node.doubleValue();
        }
      }
      case BOOL -> {
        if (node.isBoolean()) {
          return node.booleanValue();
        }
      }
      case STRING -> {
        if (node.isTextual()) {
          return node.textValue();
        }
      }
      case FLOAT_LIST -> {
        if (node.isArray()) {
          double[] list = new double[node.size()];
          for (int i = 0; i < list.length; i++) {
            JsonNode item = node.get(i);
            if (!item.isNumber()) {
              throw badValue(source, name, kind, "a list of numbers");
            }
            list[i] = item.doubleValue();
          }
          return list;
        }
      }
    }
    throw badValue(source, name, kind, expected(parameter.type()));
  }

  private static String expected(InitParameter.Type type) {
    return switch (type) {
      case INT -> "a whole number";
      case FLOAT -> "a number";
      case BOOL -> "true or false";
      case STRING -> "a string";
      case FLOAT_LIST -> "a list of numbers";
    };
  }

  private static IllegalArgumentException badValue(String source, String name, SchedulerKind kind, String expected) {
    return new IllegalArgumentException(source + " has an invalid " + name + " for " + kind.diffusersClass()
        + ": expected " + expected + "; fix the value in scheduler_config.json");
  }
}
