package dev.latentq.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The four Kafka topics of a LatentQ deployment.
 *
 * @param jobs job requests, key = job id
 * @param events CloudEvents about jobs, key = job id
 * @param control control messages such as cancel, key = job id
 * @param deadLetter job records that could not be decoded, with the original key, value and headers
 */
public record Topics(String jobs, String events, String control, String deadLetter) {

  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  /**
   * The default names: {@code latentq.jobs}, {@code latentq.events}, {@code latentq.control} and
   * {@code latentq.jobs.dlq}.
   */
  public static final Topics DEFAULTS =
      new Topics("latentq.jobs", "latentq.events", "latentq.control", "latentq.jobs.dlq");

  public Topics {
    requireTopicName("jobs", jobs);
    requireTopicName("events", events);
    requireTopicName("control", control);
    requireTopicName("deadLetter", deadLetter);
  }

  private static void requireTopicName(String role, String name) {
    Objects.requireNonNull(name, () -> role + " topic is null: pass a topic name or use Topics.DEFAULTS");
    if (!TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          role + " topic '" + name + "' is not a valid Kafka topic name: use 1-249 characters of [A-Za-z0-9._-]");
    }
  }
}
