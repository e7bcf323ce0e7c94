package dev.latentq.worker.config;

import dev.latentq.engine.prompt.PromptSyntax;
import java.time.Duration;
import java.util.Objects;

/**
 * Values for what a job leaves out, and event pacing ({@code defaults.*} in {@code latentq-example.yaml}).
 *
 * @param strength img2img strength when a job with {@code initImage} gives none, in (0, 1]
 * @param progressInterval least time between two progress events of one job
 * @param promptSyntax how prompts of jobs without {@code promptSyntax} are read
 */
public record JobDefaults(double strength, Duration progressInterval, PromptSyntax promptSyntax) {
  public JobDefaults {
    Objects.requireNonNull(progressInterval, "progressInterval");
    Objects.requireNonNull(promptSyntax, "promptSyntax");
  }
}
