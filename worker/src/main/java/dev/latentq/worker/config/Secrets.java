package dev.latentq.worker.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Hides secrets in anything that may be logged: credentials and secret-looking Kafka client properties. */
final class Secrets {
  static final String MASK = "****";

  // Substrings of Kafka property names whose values are secrets (ssl.key.password, sasl.jaas.config,
  // ssl.keystore.key holds a private key, sasl.oauthbearer client secrets...).
  private static final List<String> SECRET_MARKERS =
      List.of("password", "secret", "jaas", "keystore.key", "credential");

  private Secrets() {}

  static boolean isSecretProperty(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return SECRET_MARKERS.stream().anyMatch(lower::contains);
  }

  /** The mask for a set value, {@code null} for an unset one (so "not configured" stays visible). */
  static String mask(String value) {
    return value == null ? null : MASK;
  }

  static Map<String, String> maskProperties(Map<String, String> properties) {
    Map<String, String> masked = new LinkedHashMap<>();
    properties.forEach((name, value) -> masked.put(name, isSecretProperty(name) ? MASK : value));
    return masked;
  }
}
