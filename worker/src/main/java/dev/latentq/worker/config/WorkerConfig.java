package dev.latentq.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The whole, validated configuration of one worker, as built by {@link ConfigLoader}; the keys and their defaults
 * are documented in {@code latentq-example.yaml}. Immutable; neither {@link #toString()} nor {@link #summary()}
 * shows secrets.
 *
 * @param workerId names this worker in events, logs and client ids ({@code $HOSTNAME} when unset, else a random id)
 * @param models the models served, at least one, ids unique
 * @param drainTimeout on shutdown, how long running jobs may finish before they are abandoned
 */
public record WorkerConfig(String workerId, KafkaSettings kafka, StorageSettings storage,
    List<ModelSettings> models, EngineSettings engine, JobLimits limits, JobDefaults defaults,
    HttpSettings http, Duration drainTimeout, LoraSettings loras) {

  public WorkerConfig {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(storage, "storage");
    models = List.copyOf(models);
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(loras, "loras");
  }

  /** The model with this id, if served. */
  public Optional<ModelSettings> model(String id) {
    return models.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /** A multi-line view for the startup log, one line per section, secrets masked. */
  public String summary() {
    ObjectNode tree = (ObjectNode) ConfigLoader.tree(this);
    ObjectNode storageTree = (ObjectNode) tree.get("storage");
    storageTree.remove(List.of("accessKey", "secretKey"));
    storageTree.put("credentials", storage.hasCredentials() ? Secrets.MASK : "none");
    ((ObjectNode) tree.get("kafka")).set("properties", ConfigLoader.tree(Secrets.maskProperties(kafka.properties())));
    return tree.properties().stream().map(section -> section.getKey() + ": " + line(section.getValue(), ""))
        .collect(Collectors.joining(System.lineSeparator()));
  }

  private static String line(JsonNode node, String prefix) {
    if (!node.isObject()) {
      return prefix + (node.isValueNode() ? node.asText() : node.toString());
    }
    return node.properties().stream()
        .map(f -> line(f.getValue(), prefix + f.getKey() + (f.getValue().isObject() ? "." : "=")))
        .filter(part -> !part.isEmpty()).collect(Collectors.joining(", "));
  }
}
