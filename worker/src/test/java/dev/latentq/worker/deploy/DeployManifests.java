package dev.latentq.worker.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the deployment files under {@code deploy/} (Compose, Prometheus, Grafana, Kubernetes) the way their tools
 * do, so tests can compare them with the worker's configuration. Stateless.
 */
final class DeployManifests {
  /** The {@code deploy/} folder, from the worker module's directory (where Maven runs the tests). */
  static final Path DEPLOY = Path.of("../deploy");
  static final Path K8S = DEPLOY.resolve("k8s");

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private DeployManifests() {}

  /** Every {@code *.yml}, {@code *.yaml} and {@code *.json} file under {@code deploy/}, sorted. */
  static List<Path> dataFiles() {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      return files.filter(Files::isRegularFile).filter(DeployManifests::isData).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + DEPLOY.toAbsolutePath(), e);
    }
  }

  private static boolean isData(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json");
  }

  /**
   * Every document of a YAML file (separated by {@code ---}), or the one value of a JSON file; empty documents
   * are left out.
   *
   * @throws IOException naming the line and column of a syntax error
   */
  static List<JsonNode> documents(Path file) throws IOException {
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      return List.of(JSON.readTree(file.toFile()));
    }
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(node);
        }
      });
    }
    return documents;
  }

  /** The single document of {@code deploy/<relative>}. */
  static JsonNode document(String relative) {
    List<JsonNode> documents = documentsOf(DEPLOY.resolve(relative));
    if (documents.size() != 1) {
      throw new IllegalStateException(relative + " holds " + documents.size() + " documents, expected one");
    }
    return documents.getFirst();
  }

  private static List<JsonNode> documentsOf(Path file) {
    try {
      return documents(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A service of a Compose file. */
  static JsonNode composeService(String composeFile, String service) {
    JsonNode node = document(composeFile).path("services").path(service);
    if (node.isMissingNode()) {
      throw new IllegalStateException(composeFile + " has no service " + service);
    }
    return node;
  }

  /** A Compose service's environment, written as a mapping or as a list of NAME=value. */
  static Map<String, String> composeEnvironment(JsonNode service) {
    Map<String, String> env = new TreeMap<>();
    JsonNode environment = service.path("environment");
    if (environment.isObject()) {
      environment.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    } else {
      for (JsonNode item : environment) {
        String text = item.asText();
        int equals = text.indexOf('=');
        env.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
      }
    }
    return env;
  }

  /** The Kubernetes resources kustomization.yaml applies, in its order. */
  static List<JsonNode> kustomizedResources() {
    List<JsonNode> resources = new ArrayList<>();
    for (String file : kustomizationResources()) {
      resources.addAll(documentsOf(K8S.resolve(file)));
    }
    return resources;
  }

  /** The file names under {@code resources:} in kustomization.yaml. */
  static List<String> kustomizationResources() {
    List<String> files = new ArrayList<>();
    document("k8s/kustomization.yaml").path("resources").forEach(r -> files.add(r.asText()));
    return files;
  }

  /** Every Kubernetes object in any file under {@code deploy/k8s}, applied or optional (examples included). */
  static List<JsonNode> allKubernetesObjects() {
    try (Stream<Path> files = Files.walk(K8S)) {
      return files.filter(Files::isRegularFile).filter(DeployManifests::isData).sorted()
          .flatMap(f -> documentsOf(f).stream()).filter(d -> d.hasNonNull("kind") && d.hasNonNull("apiVersion"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + K8S.toAbsolutePath(), e);
    }
  }

  /** The one object of this kind among {@code objects}. */
  static JsonNode only(List<JsonNode> objects, String kind) {
    List<JsonNode> matching = objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    if (matching.size() != 1) {
      throw new IllegalStateException("expected exactly one " + kind + ", found " + matching.size());
    }
    return matching.getFirst();
  }

  /** The object of this kind and name among {@code objects}. */
  static JsonNode named(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.at("/metadata/name").asText()))
        .findFirst().orElseThrow(() -> new IllegalStateException("no " + kind + " named " + name + " in deploy/k8s"));
  }

  /** The Deployment's container called {@code name}. */
  static JsonNode container(JsonNode deployment, String name) {
    for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
      if (name.equals(container.path("name").asText())) {
        return container;
      }
    }
    throw new IllegalStateException("the Deployment has no container " + name);
  }

  /** A numeric port, or the containerPort of the container's port with that name. */
  static int resolvePort(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode candidate : container.path("ports")) {
      if (port.asText().equals(candidate.path("name").asText())) {
        return candidate.path("containerPort").asInt();
      }
    }
    throw new IllegalStateException("no container port named " + port.asText());
  }

  /** Where the container mounts the volume that holds this ConfigMap. */
  static String mountPathOf(JsonNode deployment, JsonNode container, String configMap) {
    String volume = null;
    for (JsonNode v : deployment.at("/spec/template/spec/volumes")) {
      if (configMap.equals(v.at("/configMap/name").asText())) {
        volume = v.path("name").asText();
      }
    }
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("name").asText().equals(volume)) {
        return mount.path("mountPath").asText();
      }
    }
    throw new IllegalStateException("the container does not mount the ConfigMap " + configMap);
  }

  /** The container side of a Compose port: {@code "8080:8080"}, {@code "127.0.0.1:80:8080/tcp"} or a mapping. */
  static int composeContainerPort(JsonNode port) {
    if (port.isObject()) {
      return port.path("target").asInt();
    }
    String text = port.asText().replaceFirst("/(tcp|udp)$", "");
    return Integer.parseInt(text.substring(text.lastIndexOf(':') + 1));
  }

  /**
   * The file and key of a kustomize configMapGenerator entry: {@code latentq.yaml=config/latentq.yaml} gives key
   * {@code latentq.yaml} and that file under {@code deploy/k8s}.
   */
  static Map.Entry<String, Path> generatedConfigMapFile(String configMap) {
    for (JsonNode generator : document("k8s/kustomization.yaml").path("configMapGenerator")) {
      if (configMap.equals(generator.path("name").asText())) {
        String entry = generator.path("files").path(0).asText();
        int equals = entry.indexOf('=');
        String key = equals < 0 ? Path.of(entry).getFileName().toString() : entry.substring(0, equals);
        return Map.entry(key, K8S.resolve(equals < 0 ? entry : entry.substring(equals + 1)));
      }
    }
    throw new IllegalStateException("kustomization.yaml generates no ConfigMap " + configMap);
  }

  /**
   * The environment a container sees: its {@code env} values, and every key of the Secrets and ConfigMaps its
   * {@code envFrom} names (found anywhere under deploy/k8s, examples included). Values from the downward API
   * become a placeholder name.
   */
  static Map<String, String> containerEnvironment(JsonNode container, List<JsonNode> objects) {
    Map<String, String> env = new TreeMap<>();
    for (JsonNode from : container.path("envFrom")) {
      String prefix = from.path("prefix").asText("");
      JsonNode source = from.has("secretRef")
          ? named(objects, "Secret", from.at("/secretRef/name").asText())
          : named(objects, "ConfigMap", from.at("/configMapRef/name").asText());
      data(source).forEach((key, value) -> env.put(prefix + key, value));
    }
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText();
      JsonNode secretKey = variable.at("/valueFrom/secretKeyRef");
      JsonNode configKey = variable.at("/valueFrom/configMapKeyRef");
      if (variable.has("value")) {
        env.put(name, variable.path("value").asText());
      } else if (!secretKey.isMissingNode()) {
        env.put(name, data(named(objects, "Secret", secretKey.path("name").asText()))
            .get(secretKey.path("key").asText()));
      } else if (!configKey.isMissingNode()) {
        env.put(name, data(named(objects, "ConfigMap", configKey.path("name").asText()))
            .get(configKey.path("key").asText()));
      } else {
        env.put(name, "downward-api-value");
      }
    }
    env.values().removeIf(Objects::isNull);
    return env;
  }

  private static Map<String, String> data(JsonNode object) {
    Map<String, String> data = new TreeMap<>();
    object.path("stringData").properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
    // Secret `data` is base64; only the names matter for the worker's acceptance, so keep a readable stand-in.
    object.path("data").properties().forEach(e -> data.putIfAbsent(e.getKey(),
        "Secret".equals(object.path("kind").asText()) ? "base64-value" : e.getValue().asText()));
    return data;
  }
}
