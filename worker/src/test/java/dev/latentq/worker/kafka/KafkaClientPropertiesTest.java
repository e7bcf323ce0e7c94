package dev.latentq.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

  private static final Map<String, String> SASL = Map.of(
      "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "linger.ms", "20");

  @Test
  void producerIsIdempotentWithAcksAllAndPassesSecuritySettingsThrough() {
    Map<String, String> config = KafkaClientProperties.producer("k1:9092,k2:9092", SASL, "gpu-7",
        ProducerTuning.DEFAULTS);

    assertThat(config).containsEntry("bootstrap.servers", "k1:9092,k2:9092")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("acks", "all")
        .containsEntry("max.in.flight.requests.per.connection", "5")
        .containsEntry("key.serializer", "org.apache.kafka.common.serialization.StringSerializer")
        .containsEntry("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer")
        .containsEntry("client.id", "gpu-7-events")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("request.timeout.ms", "15000")
        .containsEntry("delivery.timeout.ms", "30000")
        .containsEntry("max.block.ms", "10000");
    assertThat(config).as("pass-through may tune").containsEntry("linger.ms", "20");
  }

  @Test
  void defaultLingerIsFiveMilliseconds() {
    assertThat(KafkaClientProperties.producer("k:9092", Map.of(), "w", ProducerTuning.DEFAULTS))
        .containsEntry("linger.ms", "5");
  }

  @Test
  void passThroughCannotWeakenTheDeliveryGuarantee() {
    assertThatThrownBy(() -> KafkaClientProperties.producer("k:9092", Map.of("acks", "1"), "w",
        ProducerTuning.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Kafka property acks=1 conflicts with the worker's delivery guarantee (acks=all): remove it "
            + "from the Kafka properties");
    assertThatThrownBy(() -> KafkaClientProperties.producer("k:9092", Map.of("enable.idempotence", "false"), "w",
        ProducerTuning.DEFAULTS)).hasMessageContaining("enable.idempotence=false conflicts");
  }

  @Test
  void inFlightRequestsMayBeLoweredButNotRaisedBeyondTheIdempotenceLimit() {
    assertThat(KafkaClientProperties.producer("k:9092", Map.of("max.in.flight.requests.per.connection", "1"), "w",
        ProducerTuning.DEFAULTS)).containsEntry("max.in.flight.requests.per.connection", "1");
    assertThatThrownBy(() -> KafkaClientProperties.producer("k:9092",
        Map.of("max.in.flight.requests.per.connection", "10"), "w", ProducerTuning.DEFAULTS))
        .hasMessageContaining("outside 1..5");
  }

  @Test
  void bootstrapServersAreSetInOnePlaceOnly() {
    assertThatThrownBy(() -> KafkaClientProperties.admin("k:9092", Map.of("bootstrap.servers", "other:9092"), "w"))
        .hasMessageContaining("set them in one place only");
    assertThatThrownBy(() -> KafkaClientProperties.admin(" ", Map.of(), "w"))
        .hasMessageContaining("bootstrap servers are empty");
  }

  @Test
  void adminGetsPassThroughAndItsOwnClientId() {
    assertThat(KafkaClientProperties.admin("k:9092", SASL, "gpu-7"))
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("client.id", "gpu-7-admin")
        .doesNotContainKey("acks");
  }

  @Test
  void tuningRejectsADeliveryTimeoutTheProducerWouldRefuse() {
    assertThatThrownBy(() -> new ProducerTuning(Duration.ofMillis(5), Duration.ofSeconds(30), Duration.ofSeconds(10),
        Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("raise it or lower the other two");
  }
}
