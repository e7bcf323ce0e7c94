package dev.latentq.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.protocol.FailureCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

  @Test
  void keepsTheOriginalHeadersAndAppendsTheDeadLetterOnes() throws Exception {
    ConsumerRecord<String, byte[]> source = new ConsumerRecord<>("latentq.jobs", 3, 1234L, "job-1", utf8("{"));
    source.headers().add(new RecordHeader("traceparent", utf8("00-abc-def-01")));
    MalformedJobException cause = decodeFailure(utf8("{"));

    Headers headers = DeadLetterHeaders.forRejected(source, cause);

    assertThat(Arrays.stream(headers.toArray()).map(Header::key)).containsExactly("traceparent",
        "dead-letter-reason", "dead-letter-code", "dead-letter-topic", "dead-letter-partition",
        "dead-letter-offset", "dead-letter-exception-class");
    assertThat(text(headers, "traceparent")).isEqualTo("00-abc-def-01");
    assertThat(text(headers, DeadLetterHeaders.REASON)).isEqualTo(cause.getMessage());
    assertThat(text(headers, DeadLetterHeaders.CODE)).isEqualTo("invalid_json");
    assertThat(text(headers, DeadLetterHeaders.TOPIC)).isEqualTo("latentq.jobs");
    assertThat(text(headers, DeadLetterHeaders.PARTITION)).isEqualTo("3");
    assertThat(text(headers, DeadLetterHeaders.OFFSET)).isEqualTo("1234");
    assertThat(text(headers, DeadLetterHeaders.EXCEPTION_CLASS))
        .isEqualTo("dev.latentq.protocol.job.MalformedJobException");
    assertThat(source.headers().toArray()).hasSize(1);
  }

  @Test
  void classifiesAnInvalidJobAsInvalidJob() throws Exception {
    ConsumerRecord<String, byte[]> source = new ConsumerRecord<>("latentq.jobs", 0, 7L, "job-1", utf8("{}"));

    Headers headers = DeadLetterHeaders.forRejected(source, decodeFailure(utf8("{}")));

    assertThat(text(headers, DeadLetterHeaders.CODE)).isEqualTo("invalid_job");
    assertThat(text(headers, DeadLetterHeaders.REASON))
        .isEqualTo("job without a valid id breaks the job contract (fix these fields, see job.schema.json): "
            + "id: is required; model: is required; prompt: is required");
  }

  @Test
  void truncatesVeryLongReasons() {
    ConsumerRecord<String, byte[]> source = new ConsumerRecord<>("latentq.jobs", 0, 7L, "k", utf8("x"));

    Headers headers = DeadLetterHeaders.forRejected(source, FailureCode.INTERNAL_ERROR,
        new IllegalStateException("r".repeat(10_000)));

    assertThat(text(headers, DeadLetterHeaders.REASON)).hasSize(DeadLetterHeaders.MAX_REASON_LENGTH + 3)
        .endsWith("...");
    assertThat(text(headers, DeadLetterHeaders.CODE)).isEqualTo("internal_error");
  }

  private static <E extends JobDecodingException> E decodeFailure(byte[] value) {
    try {
      new JobCodec().decode(value);
    } catch (JobDecodingException e) {
      @SuppressWarnings("unchecked")
      E typed = (E) e;
      return typed;
    }
    throw new AssertionError("expected the value to be rejected");
  }

  private static String text(Headers headers, String name) {
    List<Header> matching = Arrays.stream(headers.toArray()).filter(h -> h.key().equals(name)).toList();
    assertThat(matching).as("headers named %s", name).hasSize(1);
    return new String(matching.get(0).value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
