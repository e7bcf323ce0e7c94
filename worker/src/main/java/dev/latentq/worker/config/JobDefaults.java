package dev.latentq.worker.config;

import dev.latentq.engine.prompt.PromptSyntax;
import java.time.Duration;

/** The {@code defaults} keys of {@code latentq-example.yaml}: values for what a job leaves out, and event pacing. */
public record JobDefaults(double strength, Duration progressInterval, PromptSyntax promptSyntax) {}
