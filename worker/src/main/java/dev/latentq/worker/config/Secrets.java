package dev.latentq.worker.config;

import dev.latentq.protocol.Durations;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Hides secrets in anything that may be logged: credentials and secret-looking Kafka client properties. */
final class Secrets {
  static final String MASK = "****";
  private static final List<String> CREDENTIALS = List.of("accessKey", "secretKey");
  // Substrings of Kafka property names whose values are secrets (ssl.key.password, sasl.jaas.config,
  // ssl.keystore.key holds a private key, sasl.oauthbearer client secrets...).
  private static final List<String> SECRET_MARKERS =
      List.of("password", "secret", "jaas", "keystore.key", "credential");

  private Secrets() {}

  static boolean isSecretProperty(String name) {
    return SECRET_MARKERS.stream().anyMatch(name.toLowerCase(Locale.ROOT)::contains);
  }

  /**
   * {@code name=value, ...} of a settings record's components: credentials masked (null stays visible, so "not
   * configured" shows), secret properties masked, durations as written in the config.
   */
  static String describe(Record settings) {
    return Arrays.stream(settings.getClass().getRecordComponents()).map(component -> {
      Object value = read(component, settings);
      return component.getName() + "=" + switch (value) {
        case null -> "null";
        case Duration duration -> Durations.format(duration);
        case Map<?, ?> properties -> {
          Map<Object, Object> masked = new LinkedHashMap<>(properties);
          masked.replaceAll((name, text) -> isSecretProperty(name.toString()) ? MASK : text);
          yield masked.toString();
        }
        default -> CREDENTIALS.contains(component.getName()) ? MASK : value.toString();
      };
    }).collect(Collectors.joining(", "));
  }

  private static Object read(RecordComponent component, Record settings) {
    try {
      return component.getAccessor().invoke(settings);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }
}
