package dev.latentq.loadtest.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.protocol.job.JobValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JobFactoryTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void numbersJobsFromOneUnderTheRunIdWithRunAndClassInMetadata() {
    JobFactory factory = new JobFactory("r1", JobMix.defaultShapes(), new Random(1));

    PlannedJob first = factory.next(NOW);
    PlannedJob second = factory.next(NOW);

    assertThat(first.job().id()).isEqualTo("lt-r1-1");
    assertThat(second.job().id()).isEqualTo("lt-r1-2");
    assertThat(first.job().metadata().get("loadTest").asText()).isEqualTo("r1");
    assertThat(first.job().metadata().get("class").asText()).isEqualTo(first.jobClass().name());
  }

  @Test
  void jobsCarryTheClassParametersAndPassTheProtocolValidator() throws Exception {
    JobClass big = JobClass.builder("big").size(256, 192).steps(30).guidance(7.5).numImages(3).priority(-20)
        .build();
    JobFactory factory = new JobFactory("r2", new JobMix(List.of(big)), new Random(2));
    JobCodec codec = new JobCodec();

    Job job = factory.next(NOW).job();

    assertThat(new JobValidator().validate(job)).isEmpty();
    assertThat(codec.decode(codec.encode(job))).isEqualTo(job);
    assertThat(job.model()).isEqualTo("shapes-sd");
    assertThat(job.width()).isEqualTo(256);
    assertThat(job.height()).isEqualTo(192);
    assertThat(job.steps()).isEqualTo(30);
    assertThat(job.guidanceScale()).isEqualTo(7.5);
    assertThat(job.numImages()).isEqualTo(3);
    assertThat(job.priority()).isEqualTo(-20);
    assertThat(job.scheduler()).isNull();
    assertThat(job.deadline()).isNull();
    assertThat(job.seed()).isBetween(0L, 0xFFFF_FFFFL);
  }

  @Test
  void deadlineIsTheSubmitTimePlusTheClassOffset() {
    JobClass urgent = JobClass.builder("urgent").deadlineOffset(Duration.ofSeconds(30)).build();
    JobFactory factory = new JobFactory("r3", new JobMix(List.of(urgent)), new Random(3));

    assertThat(factory.next(NOW).job().deadline()).isEqualTo(NOW.plusSeconds(30));
  }

  @Test
  void theSameSeedDrawsTheSameJobs() {
    List<Job> a = draw(new JobFactory("r", JobMix.defaultShapes(), new Random(77)), 50);
    List<Job> b = draw(new JobFactory("r", JobMix.defaultShapes(), new Random(77)), 50);
    List<Job> c = draw(new JobFactory("r", JobMix.defaultShapes(), new Random(78)), 50);

    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void explicitPromptsAreDrawnFromTheClassList() {
    JobClass fixed = JobClass.builder("fixed").prompts(List.of("p1", "p2")).build();
    JobFactory factory = new JobFactory("r", new JobMix(List.of(fixed)), new Random(4));

    assertThat(draw(factory, 40)).extracting(Job::prompt).containsOnly("p1", "p2").contains("p1", "p2");
  }

  @Test
  void aClassThatBreaksTheJobContractIsRejectedUpFrontWithTheViolation() {
    JobClass odd = JobClass.builder("odd").size(130, 128).build();

    assertThatThrownBy(() -> new JobFactory("r", new JobMix(List.of(odd)), new Random(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job class 'odd'")
        .hasMessageContaining("width")
        .hasMessageContaining("fix the class");
  }

  @Test
  void aRunIdThatCannotBePartOfAJobIdIsRejected() {
    assertThatThrownBy(() -> new JobFactory("my run", JobMix.defaultShapes(), new Random(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run id 'my run'");
  }

  private static List<Job> draw(JobFactory factory, int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> factory.next(NOW).job()).toList();
  }
}
