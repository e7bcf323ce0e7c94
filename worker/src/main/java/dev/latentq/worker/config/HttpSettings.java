package dev.latentq.worker.config;

/** The {@code http} keys of {@code latentq-example.yaml}: where the health and metrics endpoints listen. */
public record HttpSettings(String host, int port) {}
