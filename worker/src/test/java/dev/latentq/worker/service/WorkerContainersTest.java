package dev.latentq.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.protocol.Topics;
import dev.latentq.protocol.client.JobOutcome;
import dev.latentq.protocol.client.LatentQClient;
import dev.latentq.protocol.job.Job;
import dev.latentq.worker.config.ConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The worker's flow against Kafka and MinIO containers: runs where a Docker engine is available and is skipped
 * cleanly where it is not (the devstack-based {@link WorkerServiceIntegrationTest} covers the flow everywhere).
 */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class WorkerContainersTest {
  @Container
  static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

  @Container
  static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2024-12-18T13-15-44Z");

  @Test
  void jobsSucceedAgainstKafkaAndMinioContainers() throws Exception {
    Topics topics = Topics.DEFAULTS;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.getBootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topics.jobs(), 2, (short) 1), new NewTopic(topics.events(), 2, (short) 1),
          new NewTopic(topics.control(), 1, (short) 1), new NewTopic(topics.deadLetter(), 1, (short) 1)))
          .all().get(60, TimeUnit.SECONDS);
    }
    WorkerService worker = WorkerService.start(ConfigLoader.load(Optional.empty(), Map.of(
        "LATENTQ_KAFKA_BOOTSTRAP", KAFKA.getBootstrapServers(),
        "LATENTQ_S3_ENDPOINT", MINIO.getS3URL(),
        "LATENTQ_S3_ACCESS_KEY", MINIO.getUserName(),
        "LATENTQ_S3_SECRET_KEY", MINIO.getPassword(),
        "LATENTQ_MODELS", "tiny-sd15=" + TestCluster.SD15.toAbsolutePath(),
        "LATENTQ_HTTP_PORT", "0")));
    try (LatentQClient client = LatentQClient.builder().bootstrapServers(KAFKA.getBootstrapServers()).topics(topics)
        .build()) {
      JobOutcome outcome = client.submitAndAwait(Job.builder("container-1", "tiny-sd15", "a lighthouse").size(64, 64)
          .steps(3).numImages(2).build(), Duration.ofMinutes(2)).get(3, TimeUnit.MINUTES);
      assertThat(outcome).isInstanceOf(JobOutcome.Succeeded.class);
      assertThat(((JobOutcome.Succeeded) outcome).data().images()).hasSize(2);
    } finally {
      worker.shutdown();
    }
  }
}
