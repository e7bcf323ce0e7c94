package dev.latentq.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.latentq.protocol.ProtocolJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The published job.schema.json must accept and reject the same jobs as the Java validator. */
class JobSchemaAgreementTest {

  private static final Schema SCHEMA = loadSchema();

  private final JobCodec codec = new JobCodec();

  static Stream<JobCorpus.Valid> validJobs() {
    return JobCorpus.valid();
  }

  static Stream<JobCorpus.Invalid> invalidJobs() {
    return JobCorpus.invalid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validJobs")
  void schemaAndValidatorBothAccept(JobCorpus.Valid job) throws Exception {
    assertThat(schemaErrors(job.json())).isEmpty();
    assertThat(codec.decode(job.json().getBytes(StandardCharsets.UTF_8))).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidJobs")
  void schemaAndValidatorBothReject(JobCorpus.Invalid job) {
    assertThat(schemaErrors(job.json())).isNotEmpty();
    assertThat(new JobValidator().validate(parse(job.json()))).isNotEmpty();
  }

  @Test
  void schemaCannotMeasureMetadataSizeSoOnlyTheValidatorRejectsIt() {
    for (JobCorpus.Invalid job : JobCorpus.javaOnly()) {
      assertThat(schemaErrors(job.json())).isEmpty();
      assertThat(new JobValidator().validate(parse(job.json()))).containsExactly(job.violation());
    }
  }

  @Test
  void schemaListsTheSameSchedulersAsTheEnum() throws IOException {
    JsonNode schema;
    try (InputStream in = schemaStream()) {
      schema = ProtocolJson.reader().readTree(in);
    }
    List<String> names = new ArrayList<>();
    schema.at("/properties/scheduler/enum").forEach(name -> names.add(name.textValue()));

    assertThat(names).containsExactlyElementsOf(SchedulerName.wireNames());
  }

  @Test
  void schemaListsTheSamePromptSyntaxesAsTheEnum() throws IOException {
    JsonNode schema;
    try (InputStream in = schemaStream()) {
      schema = ProtocolJson.reader().readTree(in);
    }
    List<String> names = new ArrayList<>();
    schema.at("/properties/promptSyntax/enum").forEach(name -> names.add(name.textValue()));

    assertThat(names).containsExactlyElementsOf(PromptSyntaxName.wireNames());
  }

  private static List<Error> schemaErrors(String json) {
    return SCHEMA.validate(json, InputFormat.JSON);
  }

  private static JsonNode parse(String json) {
    try {
      return ProtocolJson.reader().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Schema loadSchema() {
    SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemaRegistryConfig(config));
    try (InputStream in = schemaStream()) {
      return registry.getSchema(in);
    } catch (IOException e) {
      throw new IllegalStateException("job.schema.json could not be read", e);
    }
  }

  private static InputStream schemaStream() {
    return JobSchemaAgreementTest.class.getResourceAsStream("/dev/latentq/protocol/job.schema.json");
  }
}
