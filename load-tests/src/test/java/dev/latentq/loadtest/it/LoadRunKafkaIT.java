package dev.latentq.loadtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.devstack.KafkaBroker;
import dev.latentq.devstack.KafkaBrokerConfig;
import dev.latentq.loadtest.LoadRun;
import dev.latentq.loadtest.LoadRunConfig;
import dev.latentq.loadtest.RunObserver;
import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.TestEvents;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import dev.latentq.loadtest.kafka.BrokerClients;
import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.Outcome;
import dev.latentq.loadtest.report.ReportWriter;
import dev.latentq.loadtest.report.RunSummary;
import dev.latentq.loadtest.stats.RunStatistics;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.Topics;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Load runs against a real single-node broker (devstack); a test thread stands in for the worker where needed. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class LoadRunKafkaIT {

  private KafkaBroker broker;

  @BeforeAll
  void startBroker(@TempDir Path dataDir) {
    broker = new KafkaBroker(KafkaBrokerConfig.builder(dataDir).build()).start();
  }

  @AfterAll
  void stopBroker() {
    broker.close();
  }

  @Test
  void jobsLandOnTheJobsTopicAsValidJsonKeyedByIdAndUnansweredOnesAreLost() throws Exception {
    Topics topics = topics("quiet");
    LoadRunConfig config = LoadRunConfig.builder(ArrivalPlan.burst(6)).runId("it-quiet").seed(3)
        .bootstrapServers(broker.bootstrapServers()).topics(topics).timeout(Duration.ofSeconds(1))
        .grace(Duration.ZERO).build();

    RunResult result = run(config);

    assertThat(result.ledger().jobs()).extracting(JobTrace::outcome).containsOnly(Outcome.LOST).hasSize(6);
    assertThat(result.statistics().lost().neverAccepted()).isEqualTo(6);
    List<ConsumerRecord<String, byte[]>> records = readAll(topics.jobs(), 6);
    JobCodec codec = new JobCodec();
    List<String> ids = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      Job job = codec.decode(record.value());
      assertThat(job.id()).isEqualTo(record.key());
      assertThat(job.metadata().get("loadTest").asText()).isEqualTo("it-quiet");
      assertThat(job.model()).isEqualTo("shapes-sd");
      ids.add(job.id());
    }
    assertThat(ids).containsExactlyInAnyOrder("lt-it-quiet-1", "lt-it-quiet-2", "lt-it-quiet-3", "lt-it-quiet-4",
        "lt-it-quiet-5", "lt-it-quiet-6");
  }

  @Test
  void aStandInWorkerOverKafkaYieldsLatenciesAndDuplicates(@TempDir Path out) throws Exception {
    Topics topics = topics("answered");
    AtomicBoolean stop = new AtomicBoolean();
    Thread worker = Thread.ofPlatform().daemon().start(() -> standInWorker(topics, stop));
    try {
      LoadRunConfig config = LoadRunConfig.builder(ArrivalPlan.constant(20, null, 10L)).runId("it-answered").seed(4)
          .bootstrapServers(broker.bootstrapServers()).topics(topics).timeout(Duration.ofSeconds(60))
          .grace(Duration.ofSeconds(2)).build();

      RunResult result = run(config);

      RunStatistics stats = result.statistics();
      assertThat(stats.overall().succeeded()).isEqualTo(10);
      assertThat(stats.lost().total()).isZero();
      assertThat(stats.overall().latencyMs().count()).isEqualTo(10);
      assertThat(stats.overall().timeToStartMs().count()).isEqualTo(10);
      assertThat(stats.duplicates().jobs()).isEqualTo(2);
      assertThat(stats.duplicates().sameCeIdEvents()).isEqualTo(1);
      assertThat(stats.duplicates().conflictingJobs()).isEqualTo(1);
      RunSummary summary = new ReportWriter().write(result, stats, out);
      assertThat(summary.overall().succeeded()).isEqualTo(10);
      assertThat(out.resolve("report.md")).isNotEmptyFile();
      assertThat(Files.readString(out.resolve("summary.json"))).contains("\"runId\" : \"it-answered\"");
    } finally {
      stop.set(true);
      worker.join(Duration.ofSeconds(30));
    }
  }

  private RunResult run(LoadRunConfig config) throws InterruptedException {
    BrokerClients clients = new BrokerClients(broker.bootstrapServers(), Map.of(), "it-" + config.runId());
    return new LoadRun(config, clients, RunObserver.NONE).run();
  }

  private Topics topics(String prefix) {
    Topics topics = new Topics(prefix + ".jobs", prefix + ".events", prefix + ".control", prefix + ".dlq");
    broker.createTopics(Map.of(topics.jobs(), 3, topics.events(), 3));
    return topics;
  }

  /**
   * Answers each job with accepted, started and succeeded. Job 1 also gets a repeated succeeded (same ce_id), job 2 a
   * failed after its success (conflicting).
   */
  private void standInWorker(Topics topics, AtomicBoolean stop) {
    JobCodec jobs = new JobCodec();
    EventCodec events = new EventCodec();
    try (KafkaConsumer<String, byte[]> consumer = consumer("stand-in");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
            new ByteArraySerializer())) {
      consumer.subscribe(List.of(topics.jobs()));
      while (!stop.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          Job job = jobs.decode(record.value());
          List<JobEvent> answer = new ArrayList<>(List.of(TestEvents.accepted(job.id()),
              TestEvents.started(job.id()), TestEvents.succeeded(job.id(), job.numImages(), 5)));
          if (job.id().endsWith("-1")) {
            answer.add(TestEvents.succeeded(job.id(), job.numImages(), 5));
          }
          if (job.id().endsWith("-2")) {
            answer.add(TestEvents.failed(job.id(), FailureCode.INTERNAL_ERROR));
          }
          answer.forEach(event -> producer.send(events.encode(event, topics.events())));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("stand-in worker failed", e);
    }
  }

  private List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(null)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private KafkaConsumer<String, byte[]> consumer(String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (group != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
