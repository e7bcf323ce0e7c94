package dev.latentq.loadtest.faults;

import dev.latentq.protocol.job.DeadLetterHeaders;
import dev.latentq.protocol.event.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the dead-letter topic after a hostile run and checks every hostile record the broker acknowledged: present,
 * with a reason and the expected code, key and value unchanged, and a failed event when its id was readable. The
 * records are recognised by the index header they were sent with (the dead-letter copy keeps the original headers).
 * Not thread-safe.
 */
public final class DeadLetterAudit {

  private static final Duration POLL = Duration.ofMillis(200);

  private final String bootstrapServers;
  private final String topic;
  private final HostileRecords records;

  /** @param records the generator the records were sent from, to know what each index should look like */
  public DeadLetterAudit(String bootstrapServers, String topic, HostileRecords records) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.records = records;
  }

  /** What the dead-letter topic held: copies of hostile records by index, other records, and the total. */
  public record Letters(Map<Integer, List<ConsumerRecord<String, byte[]>>> byIndex,
      List<ConsumerRecord<String, byte[]>> foreign, long total) {}

  /**
   * Reads the dead-letter topic from its beginning until every sent record was found and the end is reached, or
   * {@code timeout} passed.
   *
   * @param sent indexes of the hostile records the broker acknowledged
   */
  public Letters collect(Set<Integer> sent, Duration timeout) {
    Map<Integer, List<ConsumerRecord<String, byte[]>>> byIndex = new HashMap<>();
    List<ConsumerRecord<String, byte[]>> foreign = new ArrayList<>();
    long total = read(sent, byIndex, foreign, timeout);
    return new Letters(byIndex, foreign, total);
  }

  /**
   * Checks every sent record against what the topic held and the run's events.
   *
   * @param sendFailures how many hostile records the producer could not deliver
   * @param events the run's events, for the failed events of readable ids
   */
  public DeadLetterCheck check(Letters letters, Set<Integer> sent, int sendFailures, EventLog events) {
    Map<Integer, List<ConsumerRecord<String, byte[]>>> byIndex = letters.byIndex();
    List<ConsumerRecord<String, byte[]>> foreign = letters.foreign();
    long total = letters.total();
    Tally tally = new Tally();
    for (int index : sent) {
      HostileRecord expected = records.record(index);
      Counts counts = tally.of(expected.kind());
      counts.sent++;
      List<ConsumerRecord<String, byte[]>> copies = byIndex.getOrDefault(index, List.of());
      if (copies.isEmpty()) {
        tally.problem("hostile record " + index + " (" + expected.kind() + ") is not in " + topic);
      } else {
        counts.deadLettered++;
        tally.copies += copies.size() - 1;
        ConsumerRecord<String, byte[]> copy = copies.getFirst();
        tally.truncated += truncated(copy) ? 1 : 0;
        Optional<String> problem = problem(expected, copy);
        if (problem.isEmpty()) {
          counts.withReason++;
          if (counts.sampleReason == null) {
            counts.sampleReason = text(copy, DeadLetterHeaders.REASON);
          }
        } else {
          tally.problem("hostile record " + index + " (" + expected.kind() + "): " + problem.get());
        }
      }
      if (expected.failedEventFor() != null) {
        counts.failedExpected++;
        Optional<JobEvent.Failed> failed = events.firstFailed(expected.failedEventFor());
        if (failed.isPresent() && failed.get().data().code().equals(expected.expectedCode().wireName())) {
          counts.failedSeen++;
        } else {
          tally.problem("hostile record " + index + " (" + expected.kind() + "): " + failed.map(f -> "failed event "
              + "with code " + f.data().code() + ", expected " + expected.expectedCode().wireName())
              .orElse("no failed event for job " + expected.failedEventFor()));
        }
      }
      if (expected.noEventFor() != null && !events.of(expected.noEventFor()).isEmpty()) {
        tally.unexpectedEvents++;
        tally.problem("hostile record " + index + " (" + expected.kind() + ", key " + abbreviate(expected.key())
            + "): job " + expected.noEventFor() + " got events " + events.of(expected.noEventFor()).stream()
            .map(e -> e.event().type().name()).toList() + ", expected none");
      }
    }
    for (ConsumerRecord<String, byte[]> record : foreign) {
      tally.problem("not a hostile record of this run in " + topic + ": key " + abbreviate(record.key()) + ", code "
          + text(record, DeadLetterHeaders.CODE) + ", reason " + abbreviate(text(record, DeadLetterHeaders.REASON)));
    }
    return tally.check(sent.size(), sendFailures, total, foreign.size());
  }

  private long read(Set<Integer> sent, Map<Integer, List<ConsumerRecord<String, byte[]>>> byIndex,
      List<ConsumerRecord<String, byte[]>> foreign, Duration timeout) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "latentq-fault-dlq");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    long deadline = System.nanoTime() + timeout.toNanos();
    long total = 0;
    Set<Integer> missing = new HashSet<>(sent);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      Set<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toSet());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          total++;
          Integer index = index(record);
          if (index == null) {
            foreign.add(record);
          } else {
            byIndex.computeIfAbsent(index, i -> new ArrayList<>(1)).add(record);
            missing.remove(index);
          }
        }
        if (missing.isEmpty() && atEnd(consumer, partitions)) {
          break;
        }
      }
    }
    return total;
  }

  private static boolean atEnd(KafkaConsumer<String, byte[]> consumer, Set<TopicPartition> partitions) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static Optional<String> problem(HostileRecord expected, ConsumerRecord<String, byte[]> copy) {
    String reason = text(copy, DeadLetterHeaders.REASON);
    if (reason == null || reason.isBlank()) {
      return Optional.of("no " + DeadLetterHeaders.REASON + " header");
    }
    String code = text(copy, DeadLetterHeaders.CODE);
    if (!expected.expectedCode().wireName().equals(code)) {
      return Optional.of(DeadLetterHeaders.CODE + " is " + code + ", expected " + expected.expectedCode().wireName()
          + " (reason: " + abbreviate(reason) + ")");
    }
    if (!Objects.equals(expected.key(), copy.key())) {
      return Optional.of("the key changed");
    }
    String truncated = text(copy, DeadLetterHeaders.VALUE_TRUNCATED);
    if (truncated != null) {
      return truncatedProperly(expected.value(), copy.value(), truncated);
    }
    if (!expected.valueDigest().equals(HostileRecord.digest(copy.value()))) {
      return Optional.of("the value changed");
    }
    return Optional.empty();
  }

  /**
   * A value too large for the topic may be dead-lettered truncated: then the header must give the original size and
   * the copy must be its beginning.
   */
  private static Optional<String> truncatedProperly(byte[] original, byte[] copy, String header) {
    if (original == null || !header.equals(Integer.toString(original.length))) {
      return Optional.of(DeadLetterHeaders.VALUE_TRUNCATED + " is " + header + ", the original value had "
          + (original == null ? "none" : original.length + " bytes"));
    }
    if (copy == null || copy.length >= original.length
        || !Arrays.equals(copy, Arrays.copyOf(original, copy.length))) {
      return Optional.of("the truncated value is not the beginning of the original");
    }
    return Optional.empty();
  }

  /** Whether the copy carries the truncation header. */
  static boolean truncated(ConsumerRecord<String, byte[]> copy) {
    return copy.headers().lastHeader(DeadLetterHeaders.VALUE_TRUNCATED) != null;
  }

  private static Integer index(ConsumerRecord<String, byte[]> record) {
    String text = text(record, HostileRecords.INDEX_HEADER);
    try {
      return text == null ? null : Integer.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String text(ConsumerRecord<String, byte[]> record, String header) {
    Header last = record.headers().lastHeader(header);
    return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "(none)";
    }
    return text.length() <= 160 ? text : text.substring(0, 160) + "...";
  }

  /** Mutable counts of one kind. */
  private static final class Counts {
    private long sent;
    private long deadLettered;
    private long withReason;
    private long failedExpected;
    private long failedSeen;
    private String sampleReason;
  }

  /** Counts per kind plus example problems. */
  private static final class Tally {
    private final Map<HostileKind, Counts> byKind = new EnumMap<>(HostileKind.class);
    private final List<String> problems = new ArrayList<>();
    private long copies;
    private long truncated;
    private long unexpectedEvents;

    Counts of(HostileKind kind) {
      return byKind.computeIfAbsent(kind, k -> new Counts());
    }

    void problem(String text) {
      if (problems.size() < ObjectCheck.MAX_PROBLEMS) {
        problems.add(text);
      }
    }

    DeadLetterCheck check(long sent, long sendFailures, long total, long foreign) {
      Map<HostileKind, DeadLetterCheck.KindTally> kinds = new EnumMap<>(HostileKind.class);
      long deadLettered = 0;
      long withReason = 0;
      long failedExpected = 0;
      long failedSeen = 0;
      for (Map.Entry<HostileKind, Counts> entry : byKind.entrySet()) {
        Counts c = entry.getValue();
        kinds.put(entry.getKey(), new DeadLetterCheck.KindTally(c.sent, c.deadLettered, c.withReason,
            c.failedExpected, c.failedSeen, c.sampleReason));
        deadLettered += c.deadLettered;
        withReason += c.withReason;
        failedExpected += c.failedExpected;
        failedSeen += c.failedSeen;
      }
      return new DeadLetterCheck(sent, sendFailures, total, deadLettered, copies, truncated, withReason, foreign,
          failedExpected, failedSeen, unexpectedEvents, kinds, problems);
    }
  }
}
