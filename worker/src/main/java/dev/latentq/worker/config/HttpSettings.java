package dev.latentq.worker.config;

import java.util.Objects;

/**
 * Where the health and metrics endpoints listen.
 *
 * @param host interface to bind (default {@code 0.0.0.0})
 * @param port TCP port (default 8080; 0 picks a free port, useful in tests)
 */
public record HttpSettings(String host, int port) {
  public HttpSettings {
    Objects.requireNonNull(host, "host");
  }
}
