package dev.latentq.protocol.job;

import static dev.latentq.protocol.job.FieldRule.integer;
import static dev.latentq.protocol.job.FieldRule.number;
import static dev.latentq.protocol.job.FieldRule.oneOf;
import static dev.latentq.protocol.job.FieldRule.string;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.ProtocolJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The job contract's structural rules, the source of truth that {@code job.schema.json} mirrors. A worker may enforce
 * tighter limits from its configuration on top (reported as {@code unsupported_request}). Stateless and thread-safe.
 */
public final class JobValidator {

  /** Most characters in {@code prompt} and {@code negativePrompt}. */
  public static final int MAX_PROMPT_LENGTH = 10_000;
  /** Most bytes of {@code metadata} serialized as compact JSON. */
  public static final int MAX_METADATA_BYTES = 16 * 1024;

  // RFC 3339 with upper-case 'T'/'Z' and at most nanosecond precision: what java.time and every JSON library emit.
  private static final Pattern RFC_3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

  private static final FieldRule ID_RULE =
      string(1, 128, NamingRules::isId, NamingRules.ID_EXPECTATION);
  private static final FieldRule BUCKET_RULE = string(3, 63, NamingRules::isBucket,
      "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', "
          + "starting and ending with a letter or digit");
  private static final FieldRule KEY_RULE = string(1, 1024, text -> !NamingRules.hasControlCharacter(text),
      "must be 1-1024 characters without control characters");
  private static final FieldRule KEY_PREFIX_RULE = string(0, 512, NamingRules::isSafeKeyPrefix,
      NamingRules.KEY_PREFIX_EXPECTATION);
  private static final FieldRule PROMPT_RULE = string(0, MAX_PROMPT_LENGTH, text -> text.indexOf('\0') < 0,
      "must be at most 10000 characters without U+0000 (NUL), which image metadata cannot hold");
  private static final FieldRule DEADLINE_RULE = string(1, 64, JobValidator::isRfc3339,
      "must be an RFC 3339 date-time with an offset, e.g. 2026-11-26T10:00:00Z or 2026-11-26T12:00:00+02:00");
  private static final FieldRule METADATA_RULE = JobValidator::checkMetadata;

  /** Most LoRAs in one job (a worker may allow fewer). */
  public static final int MAX_LORAS = 16;
  private static final FieldRule LORA_NAME_RULE = string(1, 128, NamingRules::isLoraName,
      NamingRules.LORA_NAME_EXPECTATION);
  private static final ObjectShape LORA = ObjectShape.of(
      ordered("name", LORA_NAME_RULE, "scale", number(BigDecimal.valueOf(-100), false, BigDecimal.valueOf(100))),
      Set.of("name"));

  private static final ObjectShape INIT_IMAGE = ObjectShape.of(
      ordered("bucket", BUCKET_RULE, "key", KEY_RULE), Set.of("bucket", "key"));
  private static final ObjectShape OUTPUT = ObjectShape.of(
      ordered("bucket", BUCKET_RULE, "keyPrefix", KEY_PREFIX_RULE), Set.of("bucket"));

  private static final ObjectShape JOB = ObjectShape.of(jobFields(), Set.of("id", "model", "prompt"));

  /** Every violation of {@code job}, a parsed JSON value; empty when it is a valid job. */
  public List<Violation> validate(JsonNode job) {
    if (!job.isObject()) {
      return List.of(new Violation("$", "must be a JSON object"));
    }
    List<Violation> violations = new ArrayList<>();
    JOB.check("", job, violations);
    if (job.has("strength") && !job.has("initImage")) {
      violations.add(new Violation("strength", "is only allowed together with initImage"));
    }
    if (job.has("mask") && !job.has("initImage")) {
      violations.add(new Violation("mask", "is only allowed together with initImage"));
    }
    return List.copyOf(violations);
  }

  /** Every violation of {@code job}, e.g. one built in code before submitting it; empty when it is valid. */
  public List<Violation> validate(Job job) {
    return validate(ProtocolJson.toTree(job));
  }

  /**
   * Checks a job built in code.
   *
   * @throws InvalidJobException listing every violation
   */
  public void requireValid(Job job) throws InvalidJobException {
    List<Violation> violations = validate(job);
    if (!violations.isEmpty()) {
      throw new InvalidJobException(violations, validId(job.id()).orElse(null));
    }
  }

  /** {@code id} if it is a valid job id; safe to echo as a record key or event subject. */
  public static Optional<String> validId(String id) {
    return NamingRules.isId(id) ? Optional.of(id) : Optional.empty();
  }

  private static Map<String, FieldRule> jobFields() {
    Map<String, FieldRule> fields = new LinkedHashMap<>();
    fields.put("id", ID_RULE);
    fields.put("model", ID_RULE);
    fields.put("prompt", PROMPT_RULE);
    fields.put("negativePrompt", PROMPT_RULE);
    fields.put("promptSyntax", oneOf(PromptSyntaxName.wireNames()));
    fields.put("width", integer(64, 4096, 8));
    fields.put("height", integer(64, 4096, 8));
    fields.put("steps", integer(1, 1000, 1));
    fields.put("guidanceScale", number(BigDecimal.ZERO, false, BigDecimal.valueOf(100)));
    fields.put("scheduler", oneOf(SchedulerName.wireNames()));
    fields.put("seed", integer(0, 4_294_967_295L, 1));
    fields.put("numImages", integer(1, 64, 1));
    fields.put("initImage", INIT_IMAGE);
    fields.put("mask", INIT_IMAGE);
    fields.put("strength", number(BigDecimal.ZERO, true, BigDecimal.ONE));
    fields.put("output", OUTPUT);
    fields.put("priority", integer(-100, 100, 1));
    fields.put("deadline", DEADLINE_RULE);
    fields.put("metadata", METADATA_RULE);
    fields.put("loras", FieldRule.array(MAX_LORAS, LORA));
    return fields;
  }

  private static Map<String, FieldRule> ordered(String name1, FieldRule rule1, String name2, FieldRule rule2) {
    Map<String, FieldRule> fields = new LinkedHashMap<>();
    fields.put(name1, rule1);
    fields.put(name2, rule2);
    return fields;
  }

  private static boolean isRfc3339(String text) {
    if (!RFC_3339.matcher(text).matches()) {
      return false;
    }
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false; // well-formed but impossible, e.g. month 13 or February 30
    }
  }

  private static void checkMetadata(String path, JsonNode value, List<Violation> out) {
    if (!value.isObject()) {
      out.add(new Violation(path, "must be an object"));
      return;
    }
    int size = serializedSize(value);
    if (size > MAX_METADATA_BYTES) {
      out.add(new Violation(path, "must be at most " + MAX_METADATA_BYTES + " bytes as JSON, got " + size
          + ": keep large data in storage and put a reference here"));
    }
  }

  private static int serializedSize(JsonNode value) {
    try {
      return ProtocolJson.writer().writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree could not be serialized again", e);
    }
  }
}
