package dev.latentq.loadtest.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes {@code summary.json}: pretty-printed, instants as RFC 3339 strings, unknown fields ignored when
 * reading so that older aggregators read newer summaries. Thread-safe.
 */
public final class LoadTestJson {

  private final ObjectMapper mapper = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** Writes {@code summary} to {@code file}. */
  public void write(RunSummary summary, Path file) throws IOException {
    Files.write(file, mapper.writeValueAsBytes(summary));
  }

  /** The summary as JSON text. */
  public String toJson(RunSummary summary) throws IOException {
    return mapper.writeValueAsString(summary);
  }

  /**
   * Reads a summary written by {@link #write(RunSummary, Path)}.
   *
   * @throws IllegalArgumentException naming the file if it is missing or not a summary
   */
  public RunSummary read(Path file) {
    try {
      JsonNode tree = mapper.readTree(file.toFile());
      JsonNode schema = tree == null ? null : tree.get("schema");
      if (schema == null || !RunSummary.SCHEMA.equals(schema.asText())) {
        throw new IllegalArgumentException(file + " is not a load test summary (schema is not " + RunSummary.SCHEMA
            + "): pass the summary.json files written by `run`");
      }
      return mapper.treeToValue(tree, RunSummary.class);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("summary " + file + " does not exist: check the path", e);
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new IllegalArgumentException("summary " + file + " does not exist: check the path", e);
      }
      throw new IllegalArgumentException(file + " is not a readable summary.json (" + e.getMessage()
          + "): pass the summary.json files written by `run`", e);
    }
  }
}
