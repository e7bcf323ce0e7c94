package dev.latentq.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobCodecTest {

  private final JobCodec codec = new JobCodec();

  static Stream<Arguments> malformedValues() {
    return Stream.of(
        Arguments.of("empty bytes", new byte[0], "is empty"),
        Arguments.of("whitespace only", utf8("  \n"), "holds no JSON value"),
        Arguments.of("unclosed object", utf8("{"), "is not valid JSON"),
        Arguments.of("array", utf8("[]"), "is a JSON array, not an object"),
        Arguments.of("string", utf8("\"x\""), "is a JSON string, not an object"),
        Arguments.of("null", utf8("null"), "is a JSON null, not an object"),
        Arguments.of("invalid UTF-8", new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, '(', '"', '}'},
            "is not valid UTF-8"),
        Arguments.of("UTF-16", "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_16LE), "is not valid JSON"),
        Arguments.of("trailing garbage", utf8("{\"id\":\"a\",\"model\":\"m\",\"prompt\":\"p\"} x"),
            "is not valid JSON"),
        Arguments.of("duplicate field", utf8("{\"id\":\"a\",\"id\":\"b\",\"model\":\"m\",\"prompt\":\"p\"}"),
            "is not valid JSON"),
        Arguments.of("nesting deeper than the parser allows", utf8("{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000)
            + "}"), "is not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedValues")
  void rejectsValuesThatAreNotAJsonObjectAsMalformed(String name, byte[] value, String reason) {
    assertThatThrownBy(() -> codec.decode(value))
        .isInstanceOfSatisfying(MalformedJobException.class, e -> {
          assertThat(e.getMessage()).contains(reason);
          assertThat(e.failureCode()).isEqualTo(FailureCode.INVALID_JSON);
          assertThat(e.jobId()).isEmpty();
        });
  }

  @Test
  void decodesEveryField() throws Exception {
    Job job = codec.decode(utf8(JobCorpus.valid().filter(c -> c.name().equals("every field")).findFirst()
        .orElseThrow().json()));

    assertThat(job).isEqualTo(Job.builder("job-1", "sd15", "a red fox in snow")
        .negativePrompt("blurry")
        .promptSyntax(PromptSyntaxName.A1111)
        .size(768, 512)
        .steps(30)
        .guidanceScale(7.5)
        .scheduler(SchedulerName.DPMPP_2M_KARRAS)
        .seed(42L)
        .numImages(4)
        .initImage(new ObjectRef("inputs", "users/7/fox.png"))
        .mask(new ObjectRef("inputs", "users/7/fox-mask.png"))
        .strength(0.6)
        .output(new OutputLocation("latentq-out", "runs/2026/"))
        .priority(10)
        .deadline(Instant.parse("2026-11-26T10:00:00Z"))
        .metadata((ObjectNode) ProtocolJson.reader()
            .readTree("{\"user\": 7, \"tags\": [\"a\", \"b\"], \"nested\": {\"x\": null}}"))
        .build());
  }

  @Test
  void leavesAbsentOptionalFieldsNull() throws Exception {
    Job job = codec.decode(utf8(JobCorpus.job("")));

    assertThat(job.width()).isNull();
    assertThat(job.seed()).isNull();
    assertThat(job.metadata()).isNull();
  }

  @Test
  void convertsDeadlineOffsetsToTheSameInstant() throws Exception {
    Job job = codec.decode(utf8(JobCorpus.job("\"deadline\": \"2026-11-26T12:00:00.5+02:00\"")));

    assertThat(job.deadline()).isEqualTo(Instant.parse("2026-11-26T10:00:00.5Z"));
  }

  @Test
  void echoesMetadataVerbatimIncludingExactNumbersAndNulls() throws Exception {
    String metadata = "{\"price\":0.1000000000000000055511151231257827,\"big\":123456789012345678901234567890,"
        + "\"gone\":null,\"list\":[null,1.50]}";
    Job job = codec.decode(utf8(JobCorpus.job("\"metadata\": " + metadata)));

    assertThat(ProtocolJson.writer().writeValueAsString(job.metadata())).isEqualTo(metadata);
  }

  @Test
  void encodingOmitsAbsentFieldsAndDecodesBackToTheSameJob() throws Exception {
    Job job = Job.builder("job-7", "sd15", "fox").size(512, 512).seed(4_294_967_295L)
        .scheduler(SchedulerName.EULER_A).deadline(Instant.parse("2026-11-26T10:00:00Z")).build();

    byte[] json = codec.encode(job);

    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"job-7\",\"model\":\"sd15\","
        + "\"prompt\":\"fox\",\"width\":512,\"height\":512,\"scheduler\":\"euler_a\",\"seed\":4294967295,"
        + "\"deadline\":\"2026-11-26T10:00:00Z\"}");
    assertThat(codec.decode(json)).isEqualTo(job);
  }

  @Test
  void promptSyntaxRoundTripsByWireName() throws Exception {
    Job job = Job.builder("job-8", "sd15", "a (red:1.3) fox BREAK snow").promptSyntax(PromptSyntaxName.A1111).build();

    byte[] json = codec.encode(job);

    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"job-8\",\"model\":\"sd15\","
        + "\"prompt\":\"a (red:1.3) fox BREAK snow\",\"promptSyntax\":\"a1111\"}");
    assertThat(codec.decode(json)).isEqualTo(job);
  }

  @Test
  void anInpaintingJobEncodesItsMaskBesideTheInitImageAndDecodesBack() throws Exception {
    Job job = Job.builder("job-8", "sd15-inpaint", "a brick fireplace")
        .initImage(new ObjectRef("inputs", "room.png")).mask(new ObjectRef("masks", "room-mask.png")).build();

    byte[] json = codec.encode(job);

    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"initImage\":{\"bucket\":\"inputs\","
        + "\"key\":\"room.png\"},\"mask\":{\"bucket\":\"masks\",\"key\":\"room-mask.png\"}");
    assertThat(codec.decode(json)).isEqualTo(job);
    assertThat(job.toBuilder().build().mask()).isEqualTo(new ObjectRef("masks", "room-mask.png"));
  }

  @Test
  void invalidJobCarriesItsValidIdAndEveryViolation() {
    byte[] value = utf8(JobCorpus.job("\"width\": 1, \"stepz\": 3"));

    assertThatThrownBy(() -> codec.decode(value)).isInstanceOfSatisfying(InvalidJobException.class, e -> {
      assertThat(e.jobId()).contains("job-1");
      assertThat(e.failureCode()).isEqualTo(FailureCode.INVALID_JOB);
      assertThat(e.violations()).extracting(Violation::field).containsExactly("width", "stepz");
      assertThat(e.getMessage()).isEqualTo("job 'job-1' breaks the job contract (fix these fields, see "
          + "job.schema.json): width: must be a multiple of 8 in [64, 4096], got 1; stepz: unknown field");
    });
  }

  @Test
  void neverEchoesAHostileId() {
    String hostile = "../../etc/passwd\\r\\nX-Injected: yes" + "A".repeat(200);
    byte[] value = utf8("{\"id\": \"" + hostile + "\", \"model\": \"m\", \"prompt\": \"p\"}");

    assertThatThrownBy(() -> codec.decode(value)).isInstanceOfSatisfying(InvalidJobException.class, e -> {
      assertThat(e.jobId()).isEmpty();
      assertThat(e.getMessage()).doesNotContain("passwd").doesNotContain("Injected")
          .startsWith("job without a valid id breaks the job contract");
    });
  }

  @Test
  void doesNotReadAnIdOfTheWrongType() {
    byte[] value = utf8("{\"id\": [\"job-1\"], \"model\": \"m\", \"prompt\": \"p\"}");

    assertThatThrownBy(() -> codec.decode(value))
        .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.jobId()).isEmpty());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
