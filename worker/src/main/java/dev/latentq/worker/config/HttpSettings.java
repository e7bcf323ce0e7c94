package dev.latentq.worker.config;

/** The {@code http} keys of {@code latentq-example.yaml}: where health and metrics listen; port 0 picks a free one. */
public record HttpSettings(String host, int port) {}
