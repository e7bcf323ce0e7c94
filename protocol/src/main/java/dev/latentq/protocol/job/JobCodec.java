package dev.latentq.protocol.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.latentq.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns job record values into {@link Job}s and back. Decoding splits failures the way the dead-letter topic needs
 * them: {@link MalformedJobException} when the bytes are not a JSON object, {@link InvalidJobException} when the
 * object breaks the contract. Stateless and thread-safe.
 */
public final class JobCodec {

  private final JobValidator validator = new JobValidator();
  private final ObjectReader reader = ProtocolJson.reader();

  /**
   * Decodes a job record value.
   *
   * @throws MalformedJobException if {@code value} is not a UTF-8 JSON object
   * @throws InvalidJobException if the object breaks the job contract, listing every violation
   */
  public Job decode(byte[] value) throws MalformedJobException, InvalidJobException {
    JsonNode tree = parseObject(value);
    List<Violation> violations = validator.validate(tree);
    String jobId = readableId(tree).orElse(null);
    if (!violations.isEmpty()) {
      throw new InvalidJobException(violations, jobId);
    }
    try {
      return reader.treeToValue(tree, Job.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("job '" + jobId + "' passed validation but could not be mapped: "
          + "JobValidator and Job disagree, which is a bug in latentq-protocol", e);
    }
  }

  /** The JSON record value for {@code job}, without absent fields. The job is not validated here. */
  public byte[] encode(Job job) {
    try {
      return ProtocolJson.writer().writeValueAsBytes(job);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("job '" + job.id() + "' could not be serialized to JSON", e);
    }
  }

  private JsonNode parseObject(byte[] value) throws MalformedJobException {
    if (value == null || value.length == 0) {
      throw new MalformedJobException("job record value is empty: send a UTF-8 JSON object", null);
    }
    String text = strictUtf8(value);
    JsonNode tree;
    try {
      tree = reader.readTree(text);
    } catch (JsonProcessingException e) {
      // Limit violations (nesting depth, number length) carry no location.
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new MalformedJobException("job record value is not valid JSON (" + e.getOriginalMessage() + where
          + "): send a UTF-8 JSON object", e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new MalformedJobException("job record value holds no JSON value: send a UTF-8 JSON object", null);
    }
    if (!tree.isObject()) {
      throw new MalformedJobException("job record value is a JSON " + tree.getNodeType().name().toLowerCase(Locale.ROOT)
          + ", not an object: send a JSON object with id, model and prompt", null);
    }
    return tree;
  }

  /** Jackson would silently accept UTF-16 or UTF-32; the contract says UTF-8, so decode strictly first. */
  private static String strictUtf8(byte[] value) throws MalformedJobException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedJobException("job record value is not valid UTF-8: encode the JSON as UTF-8", e);
    }
  }

  private static Optional<String> readableId(JsonNode tree) {
    JsonNode id = tree.get("id");
    return id != null && id.isTextual() ? JobValidator.validId(id.textValue()) : Optional.empty();
  }
}
