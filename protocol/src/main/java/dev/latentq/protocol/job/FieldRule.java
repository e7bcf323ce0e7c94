package dev.latentq.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks one JSON field's value and adds a violation for the field when it breaks the rule. The factories cover the
 * JSON Schema keywords that {@code job.schema.json} uses, so the two stay easy to compare.
 */
@FunctionalInterface
interface FieldRule {

  /** Checks {@code value}, the JSON value at {@code path}, adding at most one violation per field to {@code out}. */
  void check(String path, JsonNode value, List<Violation> out);

  /** A string whose length in code points is in [min, max] and which satisfies {@code valid}. */
  static FieldRule string(int min, int max, Predicate<String> valid, String expectation) {
    return (path, value, out) -> {
      if (!value.isTextual()) {
        out.add(new Violation(path, "must be a string"));
        return;
      }
      String text = value.textValue();
      int length = text.codePointCount(0, text.length());
      if (length < min || length > max || !valid.test(text)) {
        out.add(new Violation(path, expectation + lengthHint(length, max)));
      }
    };
  }

  /** An array of at most {@code maxItems} values, each checked by {@code item} (reported as {@code path[i]}). */
  static FieldRule array(int maxItems, FieldRule item) {
    return (path, value, out) -> {
      if (!value.isArray()) {
        out.add(new Violation(path, "must be an array"));
        return;
      }
      if (value.size() > maxItems) {
        out.add(new Violation(path, "must have at most " + maxItems + " items, got " + value.size()));
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        item.check(path + "[" + i + "]", value.get(i), out);
      }
    };
  }

  /** A string that is one of {@code allowed}. */
  static FieldRule oneOf(List<String> allowed) {
    Set<String> set = Set.copyOf(allowed);
    return (path, value, out) -> {
      if (!value.isTextual() || !set.contains(value.textValue())) {
        out.add(new Violation(path, "must be one of " + String.join(", ", allowed)));
      }
    };
  }

  /**
   * An integer in [min, max] that is a multiple of {@code multipleOf}. Like JSON Schema, a number with a zero
   * fraction (e.g. {@code 512.0}) counts as an integer.
   */
  static FieldRule integer(long min, long max, long multipleOf) {
    String range = (multipleOf == 1 ? "must be in [" : "must be a multiple of " + multipleOf + " in [")
        + min + ", " + max + "]";
    BigDecimal low = BigDecimal.valueOf(min);
    BigDecimal high = BigDecimal.valueOf(max);
    BigDecimal step = BigDecimal.valueOf(multipleOf);
    return (path, value, out) -> {
      if (!value.isNumber()) {
        out.add(new Violation(path, "must be an integer"));
        return;
      }
      if (!isFinite(value)) {
        out.add(new Violation(path, "must be a finite number"));
        return;
      }
      BigDecimal number = value.decimalValue();
      // The cheap checks first: a huge exponent must never reach an exact division.
      if (number.stripTrailingZeros().scale() > 0) {
        out.add(new Violation(path, "must be an integer, got " + shown(value)));
      } else if (number.compareTo(low) < 0 || number.compareTo(high) > 0
          || number.remainder(step).signum() != 0) {
        out.add(new Violation(path, range + ", got " + shown(value)));
      }
    };
  }

  /** A number in [min, max], or in (min, max] when {@code exclusiveMin}. */
  static FieldRule number(BigDecimal min, boolean exclusiveMin, BigDecimal max) {
    String range = "must be in " + (exclusiveMin ? "(" : "[") + min.toPlainString() + ", " + max.toPlainString() + "]";
    return (path, value, out) -> {
      if (!value.isNumber()) {
        out.add(new Violation(path, "must be a number"));
        return;
      }
      if (!isFinite(value)) {
        out.add(new Violation(path, "must be a finite number"));
        return;
      }
      BigDecimal number = value.decimalValue();
      int fromMin = number.compareTo(min);
      if (fromMin < 0 || (exclusiveMin && fromMin == 0) || number.compareTo(max) > 0) {
        out.add(new Violation(path, range + ", got " + shown(value)));
      }
    };
  }

  /** Parsed JSON is always finite; a job built in code may carry NaN or infinity in a {@code Double}. */
  private static boolean isFinite(JsonNode number) {
    return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
  }

  private static String lengthHint(int length, int max) {
    return length > max ? " (got " + length + " characters)" : "";
  }

  private static String shown(JsonNode number) {
    String text = number.asText();
    return text.length() <= 32 ? text : text.substring(0, 32) + "...";
  }
}
