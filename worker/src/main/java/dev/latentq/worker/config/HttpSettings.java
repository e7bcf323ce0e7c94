package dev.latentq.worker.config;

import java.util.Objects;

/** Where the health and metrics endpoints listen ({@code http.*}; port 0 picks a free port, useful in tests). */
public record HttpSettings(String host, int port) {
  public HttpSettings {
    Objects.requireNonNull(host, "host");
  }
}
