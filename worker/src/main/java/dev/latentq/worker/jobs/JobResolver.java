package dev.latentq.worker.jobs;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.pipeline.ModelProfile;
import dev.latentq.engine.pipeline.RequestDefaults;
import dev.latentq.engine.pipeline.RequestShape;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.protocol.job.OutputLocation;
import dev.latentq.worker.config.WorkerConfig.JobDefaults;
import dev.latentq.worker.config.WorkerConfig.JobLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a decoded job against this worker — its models, limits and output defaults — and fills in every
 * default, so the engine only ever sees requests it can run. Thread-safe (reads the models' profiles, which exist
 * whether a model is loaded or not).
 */
public final class JobResolver {
  /** S3 limits keys to 1024 bytes of UTF-8. */
  private static final int MAX_KEY_BYTES = 1024;

  private final Map<String, ModelProfile> models;
  private final JobLimits limits;
  private final JobDefaults defaults;
  private final String bucket;
  private final String keyPrefix;
  private final Set<String> writableBuckets;
  private final Set<String> readableBuckets;
  private final Clock clock;
  private final LoraCatalog loras;

  /**
   * A resolver that lets jobs write only to the default {@code bucket} and read init images and masks from nowhere.
   */
  public JobResolver(Map<String, ModelProfile> models, JobLimits limits, JobDefaults defaults, String bucket,
      String keyPrefix, Clock clock, LoraCatalog loras) {
    this(models, limits, defaults, bucket, keyPrefix, Set.of(bucket), Set.of(), clock, loras);
  }

  /**
   * @param bucket the output bucket of jobs that name none
   * @param writableBuckets the buckets jobs may name as output (storage.outputBuckets and the default bucket)
   * @param readableBuckets the buckets jobs may read init images and masks from (storage.inputBuckets)
   */
  public JobResolver(Map<String, ModelProfile> models, JobLimits limits, JobDefaults defaults, String bucket,
      String keyPrefix, Set<String> writableBuckets, Set<String> readableBuckets, Clock clock, LoraCatalog loras) {
    this.models = Map.copyOf(models);
    this.limits = limits;
    this.defaults = defaults;
    this.bucket = bucket;
    this.keyPrefix = keyPrefix;
    this.writableBuckets = new TreeSet<>(writableBuckets);
    this.writableBuckets.add(bucket);
    this.readableBuckets = new TreeSet<>(readableBuckets);
    this.clock = clock;
    this.loras = loras;
  }

  /**
   * @param acceptedNanos when intake accepted the job ({@link System#nanoTime()})
   * @throws JobRejection naming what this worker cannot do and how to fix the job
   */
  public ResolvedJob resolve(Job job, long acceptedNanos) throws JobRejection {
    checkBuckets(job);
    ModelProfile model = models.get(job.model());
    if (model == null) {
      throw new JobRejection(FailureCode.UNKNOWN_MODEL, "model '" + job.model() + "' is not served by this worker;"
          + " use one of " + new TreeSet<>(models.keySet()));
    }
    if (job.deadline() != null && !clock.instant().isBefore(job.deadline())) {
      throw new JobRejection(FailureCode.DEADLINE_EXCEEDED, "deadline " + job.deadline() + " had passed when the"
          + " worker received the job; resubmit with a later deadline");
    }
    SchedulerKind scheduler = job.scheduler() == null ? model.defaultScheduler()
        : SchedulerKind.fromName(job.scheduler().wireName());
    int width = job.width() == null ? model.defaultWidth() : job.width();
    int height = job.height() == null ? model.defaultHeight() : job.height();
    int steps = job.steps() == null ? RequestDefaults.steps(model, scheduler) : job.steps();
    int images = job.numImages() == null ? 1 : job.numImages();
    checkLimits(width, height, steps, images);
    double guidance = job.guidanceScale() == null ? RequestDefaults.guidance(model, scheduler) : job.guidanceScale();
    boolean img2img = job.initImage() != null;
    boolean inpaint = job.mask() != null;
    // inpainting defaults to strength 1 (repaint from pure noise), as diffusers' inpaint pipelines do
    double defaultStrength = inpaint ? 1.0 : defaults.strength();
    double strength = img2img ? (job.strength() == null ? defaultStrength : job.strength()) : 1.0;
    Optional<String> problem = model.check(new RequestShape(width, height, scheduler, steps, strength, img2img,
        inpaint));
    if (problem.isPresent()) {
      throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, problem.get());
    }
    LoraSet loraSet = loras.resolve(job.loras());
    OutputLocation output = job.output();
    String outBucket = output == null ? bucket : output.bucket();
    String prefix = output == null || output.keyPrefix() == null ? keyPrefix : output.keyPrefix();
    PromptSyntax syntax = job.promptSyntax() == null ? defaults.promptSyntax()
        : PromptSyntax.fromName(job.promptSyntax().wireName());
    GenerationRequest request = GenerationRequest.builder(job.prompt())
        .negativePrompt(job.negativePrompt()).seed(job.seed() == null ? seedFor(job.id()) : job.seed()).steps(steps)
        .guidanceScale(guidance).scheduler(scheduler).size(width, height).images(images).promptSyntax(syntax)
        .loras(loraSet).build();
    checkPromptChunks(model, request);
    ResolvedJob resolved = new ResolvedJob(job, request, strength, job.initImage(), job.mask(), outBucket, prefix,
        acceptedNanos);
    String lastKey = resolved.key(images - 1);
    if (lastKey.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, "output keys would exceed S3's 1024 bytes; shorten"
          + " output.keyPrefix or the job id");
    }
    Optional<String> segment = NamingRules.keySegmentProblem(lastKey);
    if (segment.isPresent()) {
      throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, "output keys cannot be stored: " + segment.get()
          + "; shorten output.keyPrefix's last segment or the job id, which share one segment");
    }
    return resolved;
  }

  /**
   * A job may only name buckets the operator granted: producing to the jobs topic must not open every bucket the
   * worker's credentials reach. Checked before anything touches S3.
   */
  private void checkBuckets(Job job) throws JobRejection {
    if (job.output() != null && !writableBuckets.contains(job.output().bucket())) {
      throw new JobRejection(FailureCode.FORBIDDEN_BUCKET, "output.bucket '" + job.output().bucket() + "' is not"
          + " granted to jobs on this worker; write to one of " + writableBuckets + " (or leave output.bucket out),"
          + " or ask the operator to add it to storage.outputBuckets");
    }
    checkReadable("initImage", job.initImage());
    checkReadable("mask", job.mask());
  }

  private void checkReadable(String field, ObjectRef ref) throws JobRejection {
    if (ref != null && !readableBuckets.contains(ref.bucket())) {
      throw new JobRejection(FailureCode.FORBIDDEN_BUCKET, field + ".bucket '" + ref.bucket()
          + "' is not granted for reading to jobs on this worker; " + (readableBuckets.isEmpty()
              ? "this worker reads init images and masks from no bucket (storage.inputBuckets is empty)"
              : "put the image into one of " + readableBuckets)
          + ", or ask the operator to add the bucket to storage.inputBuckets");
    }
  }

  private void checkLimits(int width, int height, int steps, int images) throws JobRejection {
    if (width > limits.maxSide() || height > limits.maxSide() || (long) width * height > limits.maxPixels()) {
      throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, "size " + width + "x" + height + " exceeds this"
          + " worker's limits (side <= " + limits.maxSide() + ", pixels <= " + limits.maxPixels() + "); ask for a"
          + " smaller image");
    }
    if (steps > limits.maxSteps()) {
      throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, "steps " + steps + " exceed this worker's limit of "
          + limits.maxSteps() + "; ask for fewer steps");
    }
    if (images > limits.maxImages()) {
      throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, "numImages " + images + " exceeds this worker's limit"
          + " of " + limits.maxImages() + "; split the job");
    }
  }

  /** A1111 prompts of many chunks lengthen every U-Net call of the job; the parser's errors are the user's too. */
  private void checkPromptChunks(ModelProfile model, GenerationRequest request) throws JobRejection {
    Optional<String> problem = model.checkPrompts(request);
    if (problem.isPresent()) {
      throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, problem.get());
    }
    int chunks = model.promptChunks(request);
    if (chunks > limits.maxPromptChunks()) {
      throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, "the prompts take " + chunks + " chunks of 75 tokens,"
          + " more than this worker's limit of " + limits.maxPromptChunks() + " (limits.maxPromptChunks); shorten"
          + " the prompt or negative prompt, or use fewer BREAKs");
    }
  }

  /**
   * The seed of a job that names none: random-looking but derived from the job id, so that a redelivered job
   * draws the same images and overwrites identical objects.
   */
  static long seedFor(String jobId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(jobId.getBytes(StandardCharsets.UTF_8));
      return Integer.toUnsignedLong(ByteBuffer.wrap(digest).getInt());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
