package dev.latentq.loadtest.faults;

import dev.latentq.protocol.FailureCode;

/**
 * The kinds of malformed or hostile job record a fault run sends, with the code the worker must dead-letter each
 * with. The worker-level kinds are valid jobs by the contract that exceed the default limits of a worker
 * ({@code limits.maxSide} 2048, {@code maxSteps} 150, {@code maxImages} 8) or name a model it does not serve.
 */
public enum HostileKind {
  /** Truncated objects, unquoted names, trailing commas, content after the value, single quotes. */
  BROKEN_JSON(FailureCode.INVALID_JSON, false),
  /** Arrays, strings, numbers, {@code null}, empty and whitespace-only values, Kafka tombstones. */
  NOT_AN_OBJECT(FailureCode.INVALID_JSON, false),
  /** UTF-16 JSON and invalid UTF-8 byte sequences. */
  NOT_UTF8(FailureCode.INVALID_JSON, false),
  /** A field name twice, each with a different job id. */
  DUPLICATE_FIELD(FailureCode.INVALID_JSON, false),
  /** Metadata nested 20,000 levels deep, far beyond the JSON parser's nesting limit. */
  DEEP_NESTING(FailureCode.INVALID_JSON, false),
  /** Numbers for strings, strings for numbers, fractional steps, nulls, unknown fields. */
  WRONG_TYPES(FailureCode.INVALID_JOB, true),
  /** Numbers that overflow a double or a long. */
  NUMBER_OVERFLOW(FailureCode.INVALID_JOB, true),
  /** A 100,000-character prompt or negative prompt (the contract allows 10,000). */
  HUGE_PROMPT(FailureCode.INVALID_JOB, true),
  /** Metadata beyond the 16 KiB limit. */
  HUGE_METADATA(FailureCode.INVALID_JOB, true),
  /** Widths and heights outside [64, 4096] or not multiples of 8. */
  SIZE_BEYOND_CONTRACT(FailureCode.INVALID_JOB, true),
  /** 4096x4096 and 2560-pixel sides: valid jobs beyond the worker's size limits. */
  SIZE_BEYOND_WORKER(FailureCode.UNSUPPORTED_REQUEST, true),
  /** Step counts outside [1, 1000]. */
  STEPS_BEYOND_CONTRACT(FailureCode.INVALID_JOB, true),
  /** 151 to 1000 steps: valid jobs beyond the worker's step limit. */
  STEPS_BEYOND_WORKER(FailureCode.UNSUPPORTED_REQUEST, true),
  /** 9 to 64 images: valid jobs beyond the worker's image limit. */
  IMAGES_BEYOND_WORKER(FailureCode.UNSUPPORTED_REQUEST, true),
  /** Output key prefixes that climb out of the bucket: {@code ../}, absolute, backslashes. */
  PATH_TRAVERSAL_PREFIX(FailureCode.INVALID_JOB, true),
  /** Output buckets that break S3's naming rules or try to traverse. */
  HOSTILE_BUCKET(FailureCode.INVALID_JOB, true),
  /** Job ids with path traversal, spaces, control characters or 300 characters; never echoed back. */
  HOSTILE_ID(FailureCode.INVALID_JOB, false),
  /** Model ids with path traversal or 200 characters. */
  HOSTILE_MODEL(FailureCode.INVALID_JOB, true),
  /** Well-formed model ids that no worker serves. */
  UNKNOWN_MODEL(FailureCode.UNKNOWN_MODEL, true),
  /**
   * A valid job whose record key is another id: keys choose partitions, so the id could run on two workers at once.
   * Dead-lettered, and no event: a record keyed otherwise may not speak for the job its body names.
   */
  KEY_MISMATCH(FailureCode.INVALID_JOB, true),
  /** A valid job without a record key: dead-lettered like {@link #KEY_MISMATCH}, and no event either. */
  NULL_KEY(FailureCode.INVALID_JOB, true),
  /**
   * A record as large as the broker accepts (about 1 MiB, a prompt of a million characters): its dead-letter copy,
   * with the added headers, is larger than the original. Takes every other of the records at
   * {@value HostileRecords#MAX_SIZE_EVERY}-record intervals.
   */
  MAX_SIZE_RECORD(FailureCode.INVALID_JOB, true),
  /**
   * As large as the broker accepts, of random bytes that no compression shrinks: its dead-letter copy can only be
   * kept truncated. Takes the other records at {@value HostileRecords#MAX_SIZE_EVERY}-record intervals.
   */
  MAX_SIZE_BINARY(FailureCode.INVALID_JSON, false);

  private final FailureCode code;
  private final boolean readableId;

  HostileKind(FailureCode code, boolean readableId) {
    this.code = code;
    this.readableId = readableId;
  }

  /** The code the worker must dead-letter (and fail, when the id is readable) these records with. */
  public FailureCode code() {
    return code;
  }

  /** Whether the record carries a valid job id, so that the worker also publishes a failed event for it. */
  public boolean readableId() {
    return readableId;
  }

  /**
   * Whether the value is a valid job and only the record key is wrong: the record chooses its own key instead of the
   * rotating one, and its job id must get no event at all.
   */
  public boolean keyLevel() {
    return this == KEY_MISMATCH || this == NULL_KEY;
  }
}
