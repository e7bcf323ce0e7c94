package dev.latentq.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latentq.protocol.ProtocolJson;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobValidatorTest {

  private final JobValidator validator = new JobValidator();

  static Stream<JobCorpus.Valid> validJobs() {
    return JobCorpus.valid();
  }

  static Stream<JobCorpus.Invalid> invalidJobs() {
    return Stream.concat(JobCorpus.invalid(), JobCorpus.javaOnly().stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validJobs")
  void acceptsJobsWithinEveryLimit(JobCorpus.Valid job) throws IOException {
    assertThat(validator.validate(tree(job.json()))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidJobs")
  void reportsTheOneBrokenRuleWithFieldAndExpectation(JobCorpus.Invalid job) throws IOException {
    assertThat(validator.validate(tree(job.json()))).containsExactly(job.violation());
  }

  @Test
  void reportsEveryViolatedFieldAtOnce() throws IOException {
    String json = """
        {"id": "job-1", "model": "sd 15", "width": 513, "steps": 0, "scheduler": "fast",
         "output": {"bucket": "B", "keyPrefix": "/x"}, "strength": 2, "stepz": 30}""";

    assertThat(validator.validate(tree(json))).containsExactly(
        new Violation("model", JobCorpus.ID_MESSAGE),
        new Violation("prompt", "is required"),
        new Violation("width", "must be a multiple of 8 in [64, 4096], got 513"),
        new Violation("steps", "must be in [1, 1000], got 0"),
        new Violation("scheduler", "must be one of ddim, pndm, euler, euler_a, dpmpp_2m, dpmpp_2m_karras, lcm"),
        new Violation("strength", "must be in (0, 1], got 2"),
        new Violation("output.bucket", "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', "
            + "starting and ending with a letter or digit"),
        new Violation("output.keyPrefix", JobCorpus.KEY_PREFIX_MESSAGE),
        new Violation("stepz", "unknown field"),
        new Violation("strength", "is only allowed together with initImage"));
  }

  @Test
  void escapesAndTruncatesHostileUnknownFieldNames() throws IOException {
    String hostile = "x\\u001b[31m" + "y".repeat(100);

    assertThat(validator.validate(tree(JobCorpus.job("\"" + hostile + "\": 1"))))
        .containsExactly(new Violation("x\\u001b[31m" + "y".repeat(58) + "...", "unknown field"));
  }

  @Test
  void rejectsANonObjectAsAWhole() throws IOException {
    assertThat(validator.validate(tree("[1]"))).containsExactly(new Violation("$", "must be a JSON object"));
  }

  @Test
  void acceptsAJobBuiltInCodeWithEveryField() {
    Job job = Job.builder("job-1", "sd15", "fox").negativePrompt("blur").size(512, 768).steps(30).guidanceScale(7.5)
        .scheduler(SchedulerName.LCM).seed(1L).numImages(2).initImage(new ObjectRef("inputs", "a.png"))
        .mask(new ObjectRef("inputs", "a-mask.png")).strength(0.5).output(new OutputLocation("outputs", "x/")).priority(-5)
        .deadline(java.time.Instant.parse("2026-11-26T10:00:00.123Z")).metadata(ProtocolJson.objectNode().put("k", 1))
        .build();

    assertThat(validator.validate(job)).isEmpty();
  }

  @Test
  void validatesJobsBuiltInCodeIncludingNonFiniteNumbers() {
    Job job = Job.builder("job-1", "sd15", "fox").guidanceScale(Double.NaN).steps(0).build();

    assertThat(validator.validate(job)).containsExactly(
        new Violation("steps", "must be in [1, 1000], got 0"),
        new Violation("guidanceScale", "must be a finite number"));
  }

  @Test
  void requireValidThrowsWithTheIdOnlyWhenItIsValid() {
    Job badSteps = Job.builder("job-1", "sd15", "fox").steps(0).build();
    Job badId = Job.builder("bad id", "sd15", "fox").build();

    assertThatThrownBy(() -> validator.requireValid(badSteps))
        .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.jobId()).contains("job-1"));
    assertThatThrownBy(() -> validator.requireValid(badId))
        .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.jobId()).isEmpty());
  }

  private static JsonNode tree(String json) throws IOException {
    return ProtocolJson.reader().readTree(json);
  }
}
