package dev.latentq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void defaultsMatchTheContract() {
    assertThat(Topics.DEFAULTS)
        .isEqualTo(new Topics("latentq.jobs", "latentq.events", "latentq.control", "latentq.jobs.dlq"));
  }

  @Test
  void rejectsAnInvalidTopicNameNamingTheRole() {
    assertThatThrownBy(() -> new Topics("jobs", "bad topic", "control", "dlq"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("events topic 'bad topic' is not a valid Kafka topic name");
  }
}
