package dev.latentq.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why a job failed, as carried by {@code dev.latentq.job.failed} events and the {@code dead-letter-code} header.
 *
 * <p>{@link #retryable()} says whether resubmitting the same job unchanged may succeed later. To add a code, add a
 * constant here and to the {@code code} enum of {@code event.schema.json}.
 */
public enum FailureCode {
  /** The job record is not a JSON object (empty, broken JSON, not UTF-8, an array...). */
  INVALID_JSON("invalid_json", false),
  /** The job is a JSON object that violates the contract. */
  INVALID_JOB("invalid_job", false),
  /** The job names a model this worker is not configured with. */
  UNKNOWN_MODEL("unknown_model", false),
  /** The job names a LoRA this worker has in neither its LoRA folder nor its LoRA bucket. */
  UNKNOWN_LORA("unknown_lora", false),
  /** The job is valid but beyond this worker's configured limits or capabilities. */
  UNSUPPORTED_REQUEST("unsupported_request", false),
  /** The job names a bucket this worker's configuration does not grant to jobs (for output or for reading). */
  FORBIDDEN_BUCKET("forbidden_bucket", false),
  /** The job's id was already used by a different job (other parameters); its images are kept, not overwritten. */
  ID_CONFLICT("id_conflict", false),
  /** The init image or the inpainting mask could not be read (or does not fit the job). */
  INIT_IMAGE_UNAVAILABLE("init_image_unavailable", false),
  /** The job's deadline passed before it could finish. */
  DEADLINE_EXCEEDED("deadline_exceeded", false),
  /** Object storage could not be reached or refused the upload. */
  STORAGE_UNAVAILABLE("storage_unavailable", true),
  /** The model failed while generating (e.g. NaN latents, a runtime error in the model). */
  MODEL_ERROR("model_error", false),
  /**
   * The job's model could not be loaded for a reason that may pass (I/O, memory); it loads again for the next job.
   */
  MODEL_UNAVAILABLE("model_unavailable", true),
  /** The job's model cannot be loaded: its export on this worker is broken (missing or mismatched files). */
  MODEL_LOAD_FAILED("model_load_failed", false),
  /** An unexpected worker error. */
  INTERNAL_ERROR("internal_error", true),
  /** The worker stopped before the job finished. */
  SHUTTING_DOWN("shutting_down", true);

  private static final Map<String, FailureCode> BY_WIRE_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(FailureCode::wireName, Function.identity()));

  private final String wireName;
  private final boolean retryable;

  FailureCode(String wireName, boolean retryable) {
    this.wireName = wireName;
    this.retryable = retryable;
  }

  /** The snake_case name used on the wire. */
  public String wireName() {
    return wireName;
  }

  /** Whether resubmitting the same job unchanged may succeed later. */
  public boolean retryable() {
    return retryable;
  }

  /** The code with this wire name, or empty for a code this version does not know (a newer worker's). */
  public static Optional<FailureCode> fromWireName(String wireName) {
    return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
  }
}
