package dev.latentq.loadtest.kafka;

import dev.latentq.protocol.Topics;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * In-memory Kafka for load run tests: a MockProducer whose sends are answered by a scripted "worker" writing events
 * into a MockConsumer on the events topic (one partition, starting at offset 0).
 */
public final class FakeKafka implements KafkaClients {

  private static final Node NODE = new Node(0, "localhost", 9092);

  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
  private final AnsweringProducer producer = new AnsweringProducer();
  private final TopicPartition events;
  private final AtomicLong offset = new AtomicLong();
  private final JobCodec jobCodec = new JobCodec();
  private final EventCodec eventCodec = new EventCodec();
  private volatile Function<Job, List<JobEvent>> worker = job -> List.of();

  /** Both default topics exist. */
  public FakeKafka() {
    this(true, true);
  }

  public FakeKafka(boolean jobsTopicExists, boolean eventsTopicExists) {
    events = new TopicPartition(Topics.DEFAULTS.events(), 0);
    if (eventsTopicExists) {
      consumer.updatePartitions(events.topic(), List.of(partition(events.topic())));
      consumer.updateEndOffsets(Map.of(events, 0L));
    }
    if (jobsTopicExists) {
      consumer.updatePartitions(Topics.DEFAULTS.jobs(), List.of(partition(Topics.DEFAULTS.jobs())));
    }
  }

  /** Answers every produced job with the events {@code script} returns (none by default). */
  public FakeKafka answering(Function<Job, List<JobEvent>> script) {
    this.worker = script;
    return this;
  }

  /** Makes every send fail synchronously. */
  public FakeKafka failingSends(RuntimeException error) {
    producer.sendException = error;
    return this;
  }

  public MockProducer<String, byte[]> mockProducer() {
    return producer;
  }

  public MockConsumer<String, byte[]> mockConsumer() {
    return consumer;
  }

  @Override
  public Producer<String, byte[]> producer() {
    return producer;
  }

  @Override
  public Consumer<String, byte[]> consumer() {
    return consumer;
  }

  private static PartitionInfo partition(String topic) {
    return new PartitionInfo(topic, 0, NODE, new Node[] {NODE}, new Node[] {NODE});
  }

  private void answer(ProducerRecord<String, byte[]> record) {
    Job job;
    try {
      job = jobCodec.decode(record.value());
    } catch (Exception e) {
      throw new IllegalStateException("the load run produced an undecodable job: " + e.getMessage(), e);
    }
    for (JobEvent event : worker.apply(job)) {
      ProducerRecord<String, byte[]> out = eventCodec.encode(event, events.topic());
      consumer.addRecord(new ConsumerRecord<>(events.topic(), 0, offset.getAndIncrement(), 0L,
          TimestampType.CREATE_TIME, 0, out.value().length, out.key(), out.value(),
          new RecordHeaders(out.headers().toArray()), Optional.empty()));
    }
  }

  /** A MockProducer that hands every record it accepts to the scripted worker. */
  private final class AnsweringProducer extends MockProducer<String, byte[]> {
    private AnsweringProducer() {
      super(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
      Future<RecordMetadata> result = super.send(record, callback);
      answer(record);
      return result;
    }
  }
}
