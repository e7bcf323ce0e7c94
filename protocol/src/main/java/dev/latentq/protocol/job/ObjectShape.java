package dev.latentq.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields a JSON object may have, which are required, and a rule for each; anything else is an unknown field.
 * Usable as a {@link FieldRule} for nested objects.
 */
final class ObjectShape implements FieldRule {

  private static final int MAX_SHOWN_FIELD_NAME = 64;

  private final Map<String, FieldRule> fields;
  private final Set<String> required;

  private ObjectShape(Map<String, FieldRule> fields, Set<String> required) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    this.required = Set.copyOf(required);
  }

  /** A shape with {@code fields} (in report order), of which {@code required} must be present. */
  static ObjectShape of(Map<String, FieldRule> fields, Set<String> required) {
    return new ObjectShape(fields, required);
  }

  @Override
  public void check(String path, JsonNode value, List<Violation> out) {
    if (!value.isObject()) {
      out.add(new Violation(path, "must be an object"));
      return;
    }
    for (Map.Entry<String, FieldRule> field : fields.entrySet()) {
      String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      JsonNode fieldValue = value.get(field.getKey());
      if (fieldValue == null) {
        if (required.contains(field.getKey())) {
          out.add(new Violation(fieldPath, "is required"));
        }
      } else if (fieldValue.isNull()) {
        out.add(new Violation(fieldPath,
            required.contains(field.getKey()) ? "is required, got null" : "must not be null: omit the field instead"));
      } else {
        field.getValue().check(fieldPath, fieldValue, out);
      }
    }
    value.fieldNames().forEachRemaining(name -> {
      if (!fields.containsKey(name)) {
        String shown = safeFieldName(name);
        out.add(new Violation(path.isEmpty() ? shown : path + "." + shown, "unknown field"));
      }
    });
  }

  /** Unknown names come from the producer; keep them printable and short before they reach headers and events. */
  private static String safeFieldName(String name) {
    StringBuilder shown = new StringBuilder();
    name.codePoints().limit(MAX_SHOWN_FIELD_NAME).forEach(cp -> {
      if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
        shown.append(String.format("\\u%04x", cp));
      } else {
        shown.appendCodePoint(cp);
      }
    });
    if (name.codePointCount(0, name.length()) > MAX_SHOWN_FIELD_NAME) {
      shown.append("...");
    }
    return shown.toString();
  }
}
