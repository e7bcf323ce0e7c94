package dev.latentq.loadtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void usageSinceAnEarlierReadingIsTheDifferenceForProcessesInBoth() {
    ProcessCpu earlier = new ProcessCpu(Map.of("worker w1", Duration.ofSeconds(3), "Kafka broker",
        Duration.ofSeconds(10)));
    Map<String, Duration> now = new LinkedHashMap<>();
    now.put("worker w1", Duration.ofMillis(7500));
    now.put("Kafka broker", Duration.ofSeconds(11));
    now.put("worker w2", Duration.ofSeconds(2));

    ProcessCpu used = new ProcessCpu(now).since(earlier);

    assertThat(used.byProcess()).containsExactly(Map.entry("worker w1", Duration.ofMillis(4500)),
        Map.entry("Kafka broker", Duration.ofSeconds(1)));
  }
}
