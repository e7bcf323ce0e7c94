package dev.latentq.loadtest.mix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.protocol.ProtocolJson;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobValidator;
import dev.latentq.protocol.job.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Draws the jobs of a run: class by weight, prompt, image seed, id {@code lt-<runId>-<n>} (n from 1) and metadata
 * {@code {"loadTest": runId, "class": name}}. The same run id, mix and random seed give the same jobs. Every class is
 * checked against the job contract up front. Not thread-safe.
 */
public final class JobFactory {

  /** Metadata field holding the run id. */
  public static final String RUN_FIELD = "loadTest";
  /** Metadata field holding the class name. */
  public static final String CLASS_FIELD = "class";

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final long MAX_SEED = 0xFFFF_FFFFL;

  private final String runId;
  private final JobMix mix;
  private final Random random;
  private long sequence;

  /**
   * @throws IllegalArgumentException if the run id is unusable in job ids, or a class would produce jobs that break
   *     the contract (listing the violations)
   */
  public JobFactory(String runId, JobMix mix, Random random) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("run id '" + runId + "' is invalid: use 1-64 characters of [A-Za-z0-9._-]");
    }
    this.runId = runId;
    this.mix = mix;
    this.random = random;
    requireValidClasses();
  }

  /** The job id of the {@code n}th job (from 1) of run {@code runId}. */
  public static String jobId(String runId, long n) {
    return "lt-" + runId + "-" + n;
  }

  /** The next job, submitted at {@code submitTime} (which anchors its deadline, if the class has one). */
  public PlannedJob next(Instant submitTime) {
    JobClass jobClass = mix.sample(random);
    sequence++;
    return new PlannedJob(build(jobId(runId, sequence), jobClass, submitTime, random), jobClass);
  }

  private Job build(String id, JobClass jobClass, Instant submitTime, Random draws) {
    ObjectNode metadata = ProtocolJson.objectNode().put(RUN_FIELD, runId).put(CLASS_FIELD, jobClass.name());
    return Job.builder(id, jobClass.model(), prompt(jobClass, draws))
        .size(jobClass.width(), jobClass.height())
        .steps(jobClass.steps())
        .guidanceScale(jobClass.guidance())
        .scheduler(jobClass.scheduler())
        .seed(draws.nextLong() & MAX_SEED)
        .numImages(jobClass.numImages())
        .priority(jobClass.priority())
        .deadline(jobClass.deadlineOffset() == null ? null : submitTime.plus(jobClass.deadlineOffset()))
        .metadata(metadata)
        .build();
  }

  private static String prompt(JobClass jobClass, Random draws) {
    List<String> prompts = jobClass.prompts();
    return prompts.isEmpty() ? ShapesWorld.prompt(draws) : prompts.get(draws.nextInt(prompts.size()));
  }

  private void requireValidClasses() {
    JobValidator validator = new JobValidator();
    // A throwaway random keeps the check from shifting the run's random sequence.
    Random probe = new Random(0);
    for (JobClass jobClass : mix.classes()) {
      Job sample = build(jobId(runId, 1), jobClass, Instant.now(), probe);
      List<Violation> violations = validator.validate(sample);
      if (!violations.isEmpty()) {
        throw new IllegalArgumentException("job class '" + jobClass.name() + "' would produce invalid jobs ("
            + violations.stream().map(Violation::toString).collect(Collectors.joining("; "))
            + "): fix the class in the mix");
      }
    }
  }
}
