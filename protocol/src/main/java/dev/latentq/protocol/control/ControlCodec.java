package dev.latentq.protocol.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.ProtocolJson;
import dev.latentq.protocol.job.JobValidator;
import java.io.IOException;

/**
 * Reads and writes control messages. Unknown fields are ignored so that newer producers can add some; an unknown
 * {@code type} is rejected. Thread-safe.
 */
public final class ControlCodec {

  /** The JSON record value for {@code message}. */
  public byte[] encode(ControlMessage message) {
    ObjectNode json = ProtocolJson.objectNode();
    switch (message) {
      case ControlMessage.Cancel cancel -> json.put("type", "cancel").put("id", cancel.id());
    }
    try {
      return ProtocolJson.writer().writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("control message for job '" + message.id() + "' could not be serialized", e);
    }
  }

  /**
   * The control message in a record value.
   *
   * @throws InvalidControlMessageException if it is not a JSON object with a known {@code type} and a valid {@code id}
   */
  public ControlMessage decode(byte[] value) throws InvalidControlMessageException {
    JsonNode json = parse(value);
    JsonNode type = json.get("type");
    JsonNode id = json.get("id");
    if (type == null || !type.isTextual()) {
      throw new InvalidControlMessageException(
          "control message has no string 'type': send e.g. {\"type\":\"cancel\",\"id\":\"<job id>\"}", null);
    }
    if (id == null || !id.isTextual() || JobValidator.validId(id.textValue()).isEmpty()) {
      throw new InvalidControlMessageException(
          "control message has no valid 'id': it must be a job id (" + NamingRules.ID_EXPECTATION + ")", null);
    }
    return switch (type.textValue()) {
      case "cancel" -> new ControlMessage.Cancel(id.textValue());
      default -> throw new InvalidControlMessageException(
          "control message type is unknown (known: cancel): upgrade the worker or fix the producer", null);
    };
  }

  private static JsonNode parse(byte[] value) throws InvalidControlMessageException {
    if (value == null || value.length == 0) {
      throw new InvalidControlMessageException("control message is empty: send a JSON object", null);
    }
    JsonNode json;
    try {
      json = ProtocolJson.reader().readTree(value);
    } catch (IOException e) {
      throw new InvalidControlMessageException("control message is not valid JSON: send a JSON object", e);
    }
    if (json == null || !json.isObject()) {
      throw new InvalidControlMessageException("control message is not a JSON object: send a JSON object", null);
    }
    return json;
  }
}
