package dev.latentq.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The protocol's single Jackson configuration: absent values are omitted, instants are RFC 3339 strings, unknown
 * fields are tolerated when mapping (jobs are checked field by field before mapping; events tolerate newer fields).
 *
 * <p>The mapper itself stays private so nobody can reconfigure it; the readers and writers handed out are immutable
 * and thread-safe.
 */
public final class ProtocolJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // Exact numbers: metadata is echoed verbatim and range checks must not round.
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private ProtocolJson() {
  }

  /** A reader with the protocol configuration. */
  public static ObjectReader reader() {
    return MAPPER.reader();
  }

  /** A writer with the protocol configuration (compact output). */
  public static ObjectWriter writer() {
    return MAPPER.writer();
  }

  /** A new mapper with the protocol configuration, for callers that need one of their own to customise. */
  public static ObjectMapper newMapper() {
    return MAPPER.copy();
  }

  /** {@code value} as a JSON tree, the way the protocol writer would serialize it. */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** A new empty JSON object, e.g. to build job {@code metadata}. */
  public static ObjectNode objectNode() {
    return MAPPER.createObjectNode();
  }
}
