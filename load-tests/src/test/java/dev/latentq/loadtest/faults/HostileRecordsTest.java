package dev.latentq.loadtest.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.InvalidJobException;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.protocol.job.JobDecodingException;
import dev.latentq.protocol.job.MalformedJobException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.DefaultRecord;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.junit.jupiter.api.Test;

class HostileRecordsTest {

  private static final int SAMPLE = 20 * 12;

  private final HostileRecords records = new HostileRecords();
  private final JobCodec codec = new JobCodec();

  @Test
  void decodeLevelKindsAreRejectedByTheJobCodecWithTheirCodeAndReadableId() {
    for (int i = 0; i < SAMPLE; i++) {
      HostileRecord record = records.record(i);
      FailureCode code = record.kind().code();
      if (code != FailureCode.INVALID_JSON && code != FailureCode.INVALID_JOB || record.kind().keyLevel()) {
        continue;
      }
      JobDecodingException e = catchThrowableOfType(JobDecodingException.class, () -> codec.decode(record.value()));

      assertThat(e).as("record %d (%s)", i, record.kind()).isNotNull();
      assertThat(e.failureCode()).as("record %d (%s): %s", i, record.kind(), e.getMessage()).isEqualTo(code);
      assertThat(e.jobId().orElse(null)).as("record %d (%s)", i, record.kind()).isEqualTo(record.jobId());
    }
  }

  @Test
  void workerLevelKindsAreValidJobsThatReachTheWorkersChecks() throws Exception {
    Set<HostileKind> seen = new HashSet<>();
    for (int i = 0; i < SAMPLE; i++) {
      HostileRecord record = records.record(i);
      if (record.kind().code() == FailureCode.UNKNOWN_MODEL
          || record.kind().code() == FailureCode.UNSUPPORTED_REQUEST) {
        Job job = codec.decode(record.value());

        assertThat(job.id()).isEqualTo(record.jobId());
        seen.add(record.kind());
      }
    }

    assertThat(seen).containsExactlyInAnyOrder(HostileKind.UNKNOWN_MODEL, HostileKind.SIZE_BEYOND_WORKER,
        HostileKind.STEPS_BEYOND_WORKER, HostileKind.IMAGES_BEYOND_WORKER);
  }

  @Test
  void onlyRecordsKeyedByTheirJobIdExpectAFailedEventAndDecodableOnesKeyedOtherwiseAreInvalid() {
    Set<String> keyings = new HashSet<>();
    for (int i = 0; i < SAMPLE; i++) {
      HostileRecord record = records.record(i);
      boolean keyedById = record.jobId() != null && record.jobId().equals(record.key());
      assertThat(record.failedEventFor()).as("record %d", i).isEqualTo(keyedById ? record.jobId() : null);
      boolean decodes = record.kind().code() == FailureCode.UNKNOWN_MODEL
          || record.kind().code() == FailureCode.UNSUPPORTED_REQUEST;
      if (decodes) {
        keyings.add(keyedById ? "by id" : "otherwise");
        assertThat(record.expectedCode()).as("record %d", i)
            .isEqualTo(keyedById ? record.kind().code() : FailureCode.INVALID_JOB);
      } else {
        assertThat(record.expectedCode()).as("record %d", i).isEqualTo(record.kind().code());
      }
    }
    assertThat(keyings).containsExactlyInAnyOrder("by id", "otherwise");
  }

  @Test
  void keyLevelKindsAreValidJobsKeyedOtherwiseOrNotAtAllThatExpectNoEvent() throws Exception {
    Set<HostileKind> seen = new HashSet<>();
    for (int i = 0; i < SAMPLE; i++) {
      HostileRecord record = records.record(i);
      if (!record.kind().keyLevel()) {
        assertThat(record.noEventFor()).as("record %d", i).isNull();
        continue;
      }
      seen.add(record.kind());
      Job job = codec.decode(record.value());

      assertThat(job.id()).isEqualTo(record.jobId());
      assertThat(record.key()).as("record %d", i).isNotEqualTo(job.id());
      if (record.kind() == HostileKind.NULL_KEY) {
        assertThat(record.key()).isNull();
      } else {
        assertThat(record.key()).isNotNull();
      }
      assertThat(record.expectedCode()).isEqualTo(FailureCode.INVALID_JOB);
      assertThat(record.failedEventFor()).isNull();
      assertThat(record.noEventFor()).isEqualTo(job.id());
    }

    assertThat(seen).containsExactlyInAnyOrder(HostileKind.KEY_MISMATCH, HostileKind.NULL_KEY);
  }

  @Test
  void everyKindIsAmongTheFirstFourHundredRecords() {
    assertThat(IntStream.range(0, 400).mapToObj(records::record).map(HostileRecord::kind).distinct())
        .containsExactlyInAnyOrder(HostileKind.values());
  }

  @Test
  void deeplyNestedRecordsExceedTheJsonParsersNestingLimit() {
    HostileRecord record = IntStream.range(0, SAMPLE).mapToObj(records::record)
        .filter(r -> r.kind() == HostileKind.DEEP_NESTING).findFirst().orElseThrow();

    assertThatThrownBy(() -> new ObjectMapper().readTree(record.value()))
        .isInstanceOf(StreamConstraintsException.class).hasMessageContaining("nesting depth");
  }

  @Test
  void maxSizeRecordsFillTheBrokersLimitExactlyAsKafkaCountsIt() throws Exception {
    for (int index : new int[] {137, 387}) {
      HostileRecord record = records.record(index);
      byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
      int batch = DefaultRecordBatch.RECORD_BATCH_OVERHEAD + DefaultRecord.sizeInBytes(0, 0, key.length,
          record.value().length, record.headers().toArray(new Header[0]));

      assertThat(batch).isEqualTo(HostileRecords.batchBytes(key, record.value(), record.headers()));
      assertThat(batch).isBetween(HostileRecords.BROKER_MAX_BATCH_BYTES - 64, HostileRecords.BROKER_MAX_BATCH_BYTES);
    }
  }

  @Test
  void theMaxSizeJobIsInvalidWithAReadableIdAndTheBinaryOneIsNotUtf8() throws Exception {
    HostileRecord json = records.record(137);
    HostileRecord binary = records.record(387);

    assertThat(json.kind()).isEqualTo(HostileKind.MAX_SIZE_RECORD);
    InvalidJobException invalid = catchThrowableOfType(InvalidJobException.class, () -> codec.decode(json.value()));
    assertThat(invalid.jobId()).contains("hostile-137");
    assertThat(binary.kind()).isEqualTo(HostileKind.MAX_SIZE_BINARY);
    assertThat(binary.jobId()).isNull();
    assertThatThrownBy(() -> codec.decode(binary.value())).isInstanceOf(MalformedJobException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void everyOtherKindAppearsWithinOneRotationAndTheLargeOnesOnlyEveryTwoHundredFiftieth() {
    int rotation = HostileKind.values().length - 2;
    Set<HostileKind> first = new HashSet<>();
    IntStream.range(0, rotation).forEach(i -> first.add(records.record(i).kind()));

    assertThat(first).hasSize(rotation).doesNotContain(HostileKind.MAX_SIZE_RECORD, HostileKind.MAX_SIZE_BINARY);
    assertThat(IntStream.range(0, 1000).filter(i -> records.record(i).kind() == HostileKind.MAX_SIZE_RECORD))
        .containsExactly(137, 637);
    assertThat(IntStream.range(0, 1000).filter(i -> records.record(i).kind() == HostileKind.MAX_SIZE_BINARY))
        .containsExactly(387, 887);
  }

  @Test
  void aSubsetOfKindsSendsOnlyThose() {
    HostileRecords subset = new HostileRecords(EnumSet.of(HostileKind.BROKEN_JSON, HostileKind.UNKNOWN_MODEL));

    assertThat(IntStream.range(0, 700).mapToObj(subset::record).map(HostileRecord::kind).distinct())
        .containsExactlyInAnyOrder(HostileKind.BROKEN_JSON, HostileKind.UNKNOWN_MODEL);
  }

  @Test
  void recordsAreTheSameForTheSameIndexAndCarryTheirIndexHeader() {
    HostileRecord once = records.record(42);
    HostileRecord again = new HostileRecords().record(42);

    assertThat(again.value()).isEqualTo(once.value());
    assertThat(again.key()).isEqualTo(once.key());
    assertThat(once.headers()).extracting(Header::key).containsExactly(HostileRecords.INDEX_HEADER,
        HostileRecords.KIND_HEADER);
    assertThat(new String(once.headers().getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("42");
  }

  @Test
  void tombstonesAndEmptyValuesAreAmongTheRecordsAndAreMalformed() {
    boolean tombstone = false;
    boolean empty = false;
    for (int i = 0; i < SAMPLE * 2; i++) {
      HostileRecord record = records.record(i);
      tombstone |= record.value() == null;
      empty |= record.value() != null && record.value().length == 0;
      if (record.value() == null) {
        assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(MalformedJobException.class);
        assertThat(record.valueDigest()).isEqualTo("null");
      }
    }

    assertThat(tombstone).isTrue();
    assertThat(empty).isTrue();
  }
}
