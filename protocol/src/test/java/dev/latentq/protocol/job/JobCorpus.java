package dev.latentq.protocol.job;

import java.util.List;
import java.util.stream.Stream;

/**
 * Job JSON cases shared by the validator and schema-agreement tests. Invalid cases break exactly one rule, and name
 * the field and message the validator must report for it.
 */
final class JobCorpus {

  static final String BASE = "\"id\": \"job-1\", \"model\": \"sd15\", \"prompt\": \"a red fox in snow\"";

  /** A valid job case. */
  record Valid(String name, String json) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An invalid job case with its single expected violation. */
  record Invalid(String name, String json, String field, String message) {
    Violation violation() {
      return new Violation(field, message);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private JobCorpus() {
  }

  /** {@code {BASE, extra}}. */
  static String job(String extra) {
    return "{" + BASE + (extra.isEmpty() ? "" : ", " + extra) + "}";
  }

  static String repeat(String text, int times) {
    return text.repeat(times);
  }

  static Stream<Valid> valid() {
    return Stream.of(
        new Valid("minimal job", job("")),
        new Valid("every field", job("""
            "negativePrompt": "blurry", "promptSyntax": "a1111", "width": 768, "height": 512, "steps": 30, "guidanceScale": 7.5,
            "scheduler": "dpmpp_2m_karras", "seed": 42, "numImages": 4,
            "initImage": {"bucket": "inputs", "key": "users/7/fox.png"},
            "mask": {"bucket": "inputs", "key": "users/7/fox-mask.png"}, "strength": 0.6,
            "output": {"bucket": "latentq-out", "keyPrefix": "runs/2026/"}, "priority": 10,
            "deadline": "2026-11-26T10:00:00Z", "metadata": {"user": 7, "tags": ["a", "b"], "nested": {"x": null}}""")),
        new Valid("loras with and without scale",
            job("\"loras\": [{\"name\": \"watercolor_v2.safetensors\", \"scale\": 0.8}, {\"name\": \"fox-style\"}]")),
        new Valid("negative lora scale", job("\"loras\": [{\"name\": \"a\", \"scale\": -100}]")),
        new Valid("empty prompt", "{\"id\": \"j\", \"model\": \"m\", \"prompt\": \"\"}"),
        new Valid("prompt of 10000 characters", "{\"id\": \"j\", \"model\": \"m\", \"prompt\": \""
            + repeat("a", 10_000) + "\"}"),
        new Valid("prompt of 10000 emoji counts code points", "{\"id\": \"j\", \"model\": \"m\", \"prompt\": \""
            + repeat("\uD83E\uDD8A", 10_000) + "\"}"),
        new Valid("id of 128 characters",
            "{\"id\": \"" + repeat("a", 128) + "\", \"model\": \"m\", \"prompt\": \"p\"}"),
        new Valid("id of three dots", "{\"id\": \"...\", \"model\": \"m\", \"prompt\": \"p\"}"),
        new Valid("keyPrefix with a hidden folder and a segment of 255 characters",
            job("\"output\": {\"bucket\": \"out\", \"keyPrefix\": \".cache/" + repeat("k", 255) + "/\"}")),
        new Valid("id with dots, dashes and underscores", "{\"id\": \"A-z_0.9\", \"model\": \"m\", \"prompt\": \"p\"}"),
        new Valid("smallest and largest sides", job("\"width\": 64, \"height\": 4096")),
        new Valid("integral float width", job("\"width\": 512.0")),
        new Valid("guidance bounds", job("\"guidanceScale\": 0")),
        new Valid("guidance upper bound", job("\"guidanceScale\": 100")),
        new Valid("seed bounds", job("\"seed\": 0")),
        new Valid("largest seed", job("\"seed\": 4294967295")),
        new Valid("every scheduler name", job("\"scheduler\": \"euler_a\"")),
        new Valid("lcm scheduler", job("\"scheduler\": \"lcm\"")),
        new Valid("plain prompt syntax", job("\"promptSyntax\": \"plain\"")),
        new Valid("numImages bounds", job("\"numImages\": 64")),
        new Valid("priority bounds", job("\"priority\": -100")),
        new Valid("strength 1 with initImage",
            job("\"initImage\": {\"bucket\": \"in.put-1\", \"key\": \"\u56fe\u7247/fox.png\"}, \"strength\": 1")),
        new Valid("mask with initImage", job("\"initImage\": {\"bucket\": \"inputs\", \"key\": \"a.png\"},"
            + " \"mask\": {\"bucket\": \"masks\", \"key\": \"a-mask.png\"}")),
        new Valid("output without keyPrefix", job("\"output\": {\"bucket\": \"out\"}")),
        new Valid("empty keyPrefix", job("\"output\": {\"bucket\": \"out\", \"keyPrefix\": \"\"}")),
        new Valid("keyPrefix with dots inside a segment",
            job("\"output\": {\"bucket\": \"out\", \"keyPrefix\": \"a..b/c.\"}")),
        new Valid("keyPrefix of 512 characters",
            job("\"output\": {\"bucket\": \"out\", \"keyPrefix\": \"" + repeat(repeat("k", 255) + "/", 2) + "\"}")),
        new Valid("deadline with positive offset and nanoseconds",
            job("\"deadline\": \"2026-11-26T12:00:00.123456789+02:00\"")),
        new Valid("deadline with negative offset", job("\"deadline\": \"2026-11-26T05:00:00-05:00\"")),
        new Valid("empty metadata", job("\"metadata\": {}")));
  }

  static Stream<Invalid> invalid() {
    String tooLong = repeat("a", 10_001);
    return Stream.of(
        new Invalid("missing id", "{\"model\": \"m\", \"prompt\": \"p\"}", "id", "is required"),
        new Invalid("lora name that is a path", job("\"loras\": [{\"name\": \"../secrets/key\"}]"), "loras[0].name",
            "must be 1-128 characters of [A-Za-z0-9._-], not starting with '.' (a name the worker looks up in its"
                + " LoRA sources, not a path)"),
        new Invalid("lora name starting with a dot", job("\"loras\": [{\"name\": \"..\"}]"), "loras[0].name",
            "must be 1-128 characters of [A-Za-z0-9._-], not starting with '.' (a name the worker looks up in its"
                + " LoRA sources, not a path)"),
        new Invalid("lora without a name", job("\"loras\": [{\"scale\": 1}]"), "loras[0].name", "is required"),
        new Invalid("lora scale too large", job("\"loras\": [{\"name\": \"a\", \"scale\": 101}]"),
            "loras[0].scale", "must be in [-100, 100], got 101"),
        new Invalid("loras not an array", job("\"loras\": {\"name\": \"a\"}"), "loras", "must be an array"),
        new Invalid("seventeen loras", job("\"loras\": [" + String.join(", ",
            java.util.Collections.nCopies(17, "{\"name\": \"a\"}")) + "]"), "loras",
            "must have at most 16 items, got 17"),
        new Invalid("unknown lora field", job("\"loras\": [{\"name\": \"a\", \"path\": \"/x\"}]"),
            "loras[0].path", "unknown field"),
        new Invalid("null id", "{\"id\": null, \"model\": \"m\", \"prompt\": \"p\"}", "id", "is required, got null"),
        new Invalid("empty id", "{\"id\": \"\", \"model\": \"m\", \"prompt\": \"p\"}", "id",
            ID_MESSAGE),
        new Invalid("id of 129 characters",
            "{\"id\": \"" + repeat("a", 129) + "\", \"model\": \"m\", \"prompt\": \"p\"}",
            "id", ID_MESSAGE + " (got 129 characters)"),
        new Invalid("id with a slash", "{\"id\": \"a/b\", \"model\": \"m\", \"prompt\": \"p\"}", "id",
            ID_MESSAGE),
        new Invalid("id that is a dot", "{\"id\": \".\", \"model\": \"m\", \"prompt\": \"p\"}", "id",
            ID_MESSAGE),
        new Invalid("id that is two dots", "{\"id\": \"..\", \"model\": \"m\", \"prompt\": \"p\"}", "id",
            ID_MESSAGE),
        new Invalid("prompt with U+0000", "{\"id\": \"j\", \"model\": \"m\", \"prompt\": \"a\\u0000b\"}",
            "prompt", PROMPT_MESSAGE),
        new Invalid("negativePrompt with U+0000", job("\"negativePrompt\": \"\\u0000\""), "negativePrompt",
            PROMPT_MESSAGE),
        new Invalid("numeric id", "{\"id\": 42, \"model\": \"m\", \"prompt\": \"p\"}", "id", "must be a string"),
        new Invalid("missing model", "{\"id\": \"j\", \"prompt\": \"p\"}", "model", "is required"),
        new Invalid("model with a space", "{\"id\": \"j\", \"model\": \"sd 15\", \"prompt\": \"p\"}", "model",
            ID_MESSAGE),
        new Invalid("missing prompt", "{\"id\": \"j\", \"model\": \"m\"}", "prompt", "is required"),
        new Invalid("prompt too long", "{\"id\": \"j\", \"model\": \"m\", \"prompt\": \"" + tooLong + "\"}", "prompt",
            PROMPT_MESSAGE + " (got 10001 characters)"),
        new Invalid("prompt not a string", "{\"id\": \"j\", \"model\": \"m\", \"prompt\": [\"p\"]}", "prompt",
            "must be a string"),
        new Invalid("negativePrompt too long", job("\"negativePrompt\": \"" + tooLong + "\""), "negativePrompt",
            PROMPT_MESSAGE + " (got 10001 characters)"),
        new Invalid("width not a multiple of 8", job("\"width\": 513"), "width",
            "must be a multiple of 8 in [64, 4096], got 513"),
        new Invalid("width below 64", job("\"width\": 56"), "width", "must be a multiple of 8 in [64, 4096], got 56"),
        new Invalid("height above 4096", job("\"height\": 4104"), "height",
            "must be a multiple of 8 in [64, 4096], got 4104"),
        new Invalid("width as a string", job("\"width\": \"512\""), "width", "must be an integer"),
        new Invalid("fractional width", job("\"width\": 512.5"), "width", "must be an integer, got 512.5"),
        new Invalid("zero steps", job("\"steps\": 0"), "steps", "must be in [1, 1000], got 0"),
        new Invalid("too many steps", job("\"steps\": 1001"), "steps", "must be in [1, 1000], got 1001"),
        new Invalid("negative guidance", job("\"guidanceScale\": -0.1"), "guidanceScale",
            "must be in [0, 100], got -0.1"),
        new Invalid("guidance above 100", job("\"guidanceScale\": 100.5"), "guidanceScale",
            "must be in [0, 100], got 100.5"),
        new Invalid("guidance as a string", job("\"guidanceScale\": \"7\""), "guidanceScale", "must be a number"),
        new Invalid("unknown scheduler", job("\"scheduler\": \"euler-a\""), "scheduler",
            "must be one of ddim, pndm, euler, euler_a, dpmpp_2m, dpmpp_2m_karras, lcm"),
        new Invalid("unknown prompt syntax", job("\"promptSyntax\": \"compel\""), "promptSyntax",
            "must be one of plain, a1111"),
        new Invalid("negative seed", job("\"seed\": -1"), "seed", "must be in [0, 4294967295], got -1"),
        new Invalid("seed above 32 bits", job("\"seed\": 4294967296"), "seed",
            "must be in [0, 4294967295], got 4294967296"),
        new Invalid("huge exponent seed", job("\"seed\": 1e999999999"), "seed",
            "must be in [0, 4294967295], got 1E+999999999"),
        new Invalid("zero images", job("\"numImages\": 0"), "numImages", "must be in [1, 64], got 0"),
        new Invalid("too many images", job("\"numImages\": 65"), "numImages", "must be in [1, 64], got 65"),
        new Invalid("initImage without key", job("\"initImage\": {\"bucket\": \"inputs\"}"), "initImage.key",
            "is required"),
        new Invalid("initImage as a string", job("\"initImage\": \"s3://in/fox.png\""), "initImage",
            "must be an object"),
        new Invalid("initImage with upper-case bucket", job("\"initImage\": {\"bucket\": \"Inputs\", \"key\": \"k\"}"),
            "initImage.bucket", "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', "
                + "starting and ending with a letter or digit"),
        new Invalid("output bucket with two dots in a row", job("\"output\": {\"bucket\": \"out..put\"}"),
            "output.bucket", "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', "
                + "starting and ending with a letter or digit"),
        new Invalid("output bucket shaped like an IP address", job("\"output\": {\"bucket\": \"10.0.0.1\"}"),
            "output.bucket", "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', "
                + "starting and ending with a letter or digit"),
        new Invalid("initImage with an unknown field",
            job("\"initImage\": {\"bucket\": \"inputs\", \"key\": \"k\", \"region\": \"eu\"}"), "initImage.region",
            "unknown field"),
        new Invalid("initImage with an empty key", job("\"initImage\": {\"bucket\": \"inputs\", \"key\": \"\"}"),
            "initImage.key", "must be 1-1024 characters without control characters"),
        new Invalid("initImage key with a newline", job("\"initImage\": {\"bucket\": \"inputs\", \"key\": \"a\\nb\"}"),
            "initImage.key", "must be 1-1024 characters without control characters"),
        new Invalid("initImage key of 1025 characters",
            job("\"initImage\": {\"bucket\": \"inputs\", \"key\": \"" + repeat("k", 1025) + "\"}"), "initImage.key",
            "must be 1-1024 characters without control characters (got 1025 characters)"),
        new Invalid("zero strength", job("\"initImage\": {\"bucket\": \"inputs\", \"key\": \"k\"}, \"strength\": 0"),
            "strength", "must be in (0, 1], got 0"),
        new Invalid("strength above 1",
            job("\"initImage\": {\"bucket\": \"inputs\", \"key\": \"k\"}, \"strength\": 1.1"),
            "strength", "must be in (0, 1], got 1.1"),
        new Invalid("mask without initImage", job("\"mask\": {\"bucket\": \"inputs\", \"key\": \"m.png\"}"),
            "mask", "is only allowed together with initImage"),
        new Invalid("mask without key", job("\"initImage\": {\"bucket\": \"inputs\", \"key\": \"k\"},"
            + " \"mask\": {\"bucket\": \"inputs\"}"), "mask.key", "is required"),
        new Invalid("strength without initImage", job("\"strength\": 0.5"), "strength",
            "is only allowed together with initImage"),
        new Invalid("output without bucket", job("\"output\": {\"keyPrefix\": \"x/\"}"), "output.bucket",
            "is required"),
        new Invalid("bucket of 2 characters", job("\"output\": {\"bucket\": \"ab\"}"), "output.bucket",
            "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', "
                + "starting and ending with a letter or digit"),
        new Invalid("bucket starting with a dash", job("\"output\": {\"bucket\": \"-abc\"}"), "output.bucket",
            "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', "
                + "starting and ending with a letter or digit"),
        new Invalid("absolute keyPrefix", keyPrefix("/abs/"), "output.keyPrefix", KEY_PREFIX_MESSAGE),
        new Invalid("keyPrefix with a backslash", keyPrefix("a\\\\b"), "output.keyPrefix", KEY_PREFIX_MESSAGE),
        new Invalid("keyPrefix climbing out", keyPrefix("a/../../b/"), "output.keyPrefix", KEY_PREFIX_MESSAGE),
        new Invalid("keyPrefix that is ..", keyPrefix(".."), "output.keyPrefix", KEY_PREFIX_MESSAGE),
        new Invalid("keyPrefix ending in ..", keyPrefix("a/.."), "output.keyPrefix", KEY_PREFIX_MESSAGE),
        new Invalid("keyPrefix starting with ./", keyPrefix("./"), "output.keyPrefix", KEY_PREFIX_MESSAGE),
        new Invalid("keyPrefix with a . segment", keyPrefix("a/./b/"), "output.keyPrefix", KEY_PREFIX_MESSAGE),
        new Invalid("keyPrefix that is .", keyPrefix("."), "output.keyPrefix", KEY_PREFIX_MESSAGE),
        new Invalid("keyPrefix with a segment of 256 characters", keyPrefix("a/" + repeat("k", 256) + "/"),
            "output.keyPrefix", KEY_PREFIX_MESSAGE),
        new Invalid("keyPrefix with a control character", keyPrefix("a\\u0007b"), "output.keyPrefix",
            KEY_PREFIX_MESSAGE),
        new Invalid("keyPrefix of 513 characters", keyPrefix(repeat("k", 513)), "output.keyPrefix",
            KEY_PREFIX_MESSAGE + " (got 513 characters)"),
        new Invalid("priority above 100", job("\"priority\": 101"), "priority", "must be in [-100, 100], got 101"),
        new Invalid("priority below -100", job("\"priority\": -101"), "priority",
            "must be in [-100, 100], got -101"),
        new Invalid("date-only deadline", job("\"deadline\": \"2026-11-26\""), "deadline", DEADLINE_MESSAGE),
        new Invalid("deadline without offset", job("\"deadline\": \"2026-11-26T10:00:00\""), "deadline",
            DEADLINE_MESSAGE),
        new Invalid("deadline with a space", job("\"deadline\": \"2026-11-26 10:00:00Z\""), "deadline",
            DEADLINE_MESSAGE),
        new Invalid("deadline in month 13", job("\"deadline\": \"2026-13-01T00:00:00Z\""), "deadline",
            DEADLINE_MESSAGE),
        new Invalid("deadline on February 30", job("\"deadline\": \"2026-02-30T00:00:00Z\""), "deadline",
            DEADLINE_MESSAGE),
        new Invalid("deadline in lower case", job("\"deadline\": \"2026-11-26t10:00:00z\""), "deadline",
            DEADLINE_MESSAGE),
        new Invalid("deadline as epoch seconds", job("\"deadline\": 1795600000"), "deadline", "must be a string"),
        new Invalid("metadata as an array", job("\"metadata\": [1, 2]"), "metadata", "must be an object"),
        new Invalid("unknown top-level field", job("\"stepz\": 30"), "stepz", "unknown field"),
        new Invalid("null optional field", job("\"width\": null"), "width",
            "must not be null: omit the field instead"));
  }

  /** Invalid for the Java validator, which the JSON Schema cannot express. */
  static List<Invalid> javaOnly() {
    String big = repeat("x", JobValidator.MAX_METADATA_BYTES);
    return List.of(new Invalid("keyPrefix segment of 128 two-byte characters (256 bytes)",
        keyPrefix(repeat("\u00e9", 128) + "/"), "output.keyPrefix", KEY_PREFIX_MESSAGE),
        new Invalid("metadata over 16 KiB", job("\"metadata\": {\"blob\": \"" + big + "\"}"), "metadata",
        "must be at most 16384 bytes as JSON, got 16395: keep large data in storage and put a reference here"));
  }

  static final String ID_MESSAGE = "must be 1-128 characters of [A-Za-z0-9._-], other than '.' and '..'";
  static final String PROMPT_MESSAGE =
      "must be at most 10000 characters without U+0000 (NUL), which image metadata cannot hold";
  static final String KEY_PREFIX_MESSAGE = "must be at most 512 characters, not start with '/' and not contain '\\', "
      + "control characters, a '.' or '..' segment or a segment over 255 bytes";
  static final String DEADLINE_MESSAGE =
      "must be an RFC 3339 date-time with an offset, e.g. 2026-11-26T10:00:00Z or 2026-11-26T12:00:00+02:00";

  private static String keyPrefix(String prefix) {
    return job("\"output\": {\"bucket\": \"out\", \"keyPrefix\": \"" + prefix + "\"}");
  }
}
