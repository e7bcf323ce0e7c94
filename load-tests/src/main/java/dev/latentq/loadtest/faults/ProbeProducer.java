package dev.latentq.loadtest.faults;

import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the probe jobs of the semantics scenario, keyed by their id: plainly, as one burst, or inside a Kafka
 * transaction that is committed or aborted (a transactional producer, as a careful client writes). Not thread-safe.
 */
final class ProbeProducer implements AutoCloseable {

  private static final Duration CLOSE = Duration.ofSeconds(30);

  private final KafkaProducer<String, byte[]> plain;
  private final KafkaProducer<String, byte[]> transactional;
  private final String topic;
  private final JobCodec codec = new JobCodec();

  ProbeProducer(String bootstrapServers, String topic, String transactionalId) {
    this.topic = topic;
    this.plain = new KafkaProducer<>(config(bootstrapServers, "latentq-fault-probe"), new StringSerializer(),
        new ByteArraySerializer());
    Map<String, Object> txn = config(bootstrapServers, "latentq-fault-probe-txn");
    txn.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    this.transactional = new KafkaProducer<>(txn, new StringSerializer(), new ByteArraySerializer());
    this.transactional.initTransactions();
  }

  /** The number of partitions of the jobs topic. */
  int partitions() {
    return plain.partitionsFor(topic).size();
  }

  /** Sends the jobs together (one flush) and waits until the broker acknowledged each. */
  void burst(List<Job> jobs) throws InterruptedException {
    List<Future<RecordMetadata>> sent = jobs.stream().map(job -> plain.send(record(job, null))).toList();
    plain.flush();
    for (Future<RecordMetadata> future : sent) {
      await(future);
    }
  }

  /**
   * Sends job {@code i} to partition {@code i % partitions} inside one transaction, then commits or aborts it.
   * Explicit partitions put aborted and committed probes on the same partitions, so that a committed probe's outcome
   * shows the workers read past the aborted ones.
   */
  void transaction(List<Job> jobs, boolean commit) {
    int partitions = partitions();
    transactional.beginTransaction();
    for (int i = 0; i < jobs.size(); i++) {
      transactional.send(record(jobs.get(i), i % partitions));
    }
    transactional.flush();
    if (commit) {
      transactional.commitTransaction();
    } else {
      transactional.abortTransaction();
    }
  }

  @Override
  public void close() {
    transactional.close(CLOSE);
    plain.close(CLOSE);
  }

  private ProducerRecord<String, byte[]> record(Job job, Integer partition) {
    return new ProducerRecord<>(topic, partition, job.id(), codec.encode(job));
  }

  private static void await(Future<RecordMetadata> future) throws InterruptedException {
    try {
      future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a probe job could not be produced: " + e.getCause()
          + "; is the broker up?", e.getCause());
    }
  }

  private static Map<String, Object> config(String bootstrapServers, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }
}
