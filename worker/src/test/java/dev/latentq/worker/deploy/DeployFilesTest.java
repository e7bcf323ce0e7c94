package dev.latentq.worker.deploy;

import static dev.latentq.worker.deploy.DeployManifests.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latentq.protocol.Durations;
import dev.latentq.protocol.Topics;
import dev.latentq.worker.config.ConfigLoader;
import dev.latentq.worker.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * CI check of {@code deploy/}: every file parses, and Compose, Kubernetes, KEDA, Prometheus, Grafana and the
 * Dockerfiles agree with the worker's configuration (variables, topics, ports, drain timeout, capacity, metric
 * names). Runs without Docker or a cluster.
 */
class DeployFilesTest {
  private static final String COMPOSE = "docker-compose.yml";
  private static final String COMPOSE_GPU = "docker-compose.gpu.yml";
  private static final String WORKER_CONFIG_MAP = "latentq-worker-config";

  @Test
  void everyYamlAndJsonFileUnderDeployParses() {
    List<Path> files = DeployManifests.dataFiles();
    List<String> failures = new ArrayList<>();
    for (Path file : files) {
      try {
        DeployManifests.documents(file);
      } catch (IOException | RuntimeException e) {
        failures.add(DEPLOY.relativize(file) + ": " + e.getMessage());
      }
    }

    assertThat(failures).as("files under deploy/ that do not parse").isEmpty();
    assertThat(files).extracting(f -> DEPLOY.relativize(f).toString().replace('\\', '/'))
        .contains(COMPOSE, COMPOSE_GPU, "prometheus/prometheus.yml", "grafana/latentq-dashboard.json",
            "k8s/kustomization.yaml", "k8s/deployment.yaml", "k8s/scaledobject.yaml", "k8s/config/latentq.yaml");
  }

  @Test
  void composeWorkerVariablesAreAllAcceptedByTheConfigLoader() {
    Map<String, String> env = composeWorkerEnvironment();

    assertThat(env.keySet()).filteredOn(n -> n.startsWith("LATENTQ_")).isNotEmpty();
    assertThatCode(() -> load(Optional.empty(), env)).doesNotThrowAnyException();
  }

  @Test
  void composeCreatesExactlyTheConfiguredTopicsAndBucket() {
    WorkerConfig config = composeConfig();
    String topicScript = ScriptText.script(DeployManifests.composeService(COMPOSE, "kafka-init"));
    Map<String, Integer> created = ScriptText.createdTopics(topicScript);

    assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(topicNames(config.kafka().topics()));
    assertThat(config.kafka().topics()).isEqualTo(Topics.DEFAULTS);
    assertThat(ScriptText.script(DeployManifests.composeService(COMPOSE, "minio-init")))
        .contains("local/" + config.storage().bucket());
  }

  @Test
  void composeWorkerPortHealthcheckAndPrometheusTargetUseTheHttpPort() {
    int port = composeConfig().http().port();
    JsonNode worker = DeployManifests.composeService(COMPOSE, "worker");
    List<Integer> containerPorts = new ArrayList<>();
    worker.path("ports").forEach(p -> containerPorts.add(DeployManifests.composeContainerPort(p)));
    JsonNode scrape = DeployManifests.document("prometheus/prometheus.yml").path("scrape_configs").path(0);

    assertThat(containerPorts).containsExactly(port);
    assertThat(worker.at("/healthcheck/test").toString()).contains("/app/healthcheck.sh").contains("/health/");
    assertThat(scrape.path("metrics_path").asText()).isEqualTo("/metrics");
    assertThat(scrape.at("/dns_sd_configs/0/port").asInt()).isEqualTo(port);
    assertThat(scrape.at("/dns_sd_configs/0/names/0").asText()).isEqualTo("worker");
  }

  @Test
  void composeStopGracePeriodOutlastsTheDrainTimeout() {
    JsonNode worker = DeployManifests.composeService(COMPOSE, "worker");
    Duration grace = Durations.parse(worker.path("stop_grace_period").asText("10s"));

    assertThat(worker.path("stop_signal").asText("SIGTERM")).isEqualTo("SIGTERM");
    assertThat(grace).isGreaterThan(composeConfig().drainTimeout());
  }

  @Test
  void kubernetesConfigMapLoadsWithTheDeploymentsVariables() {
    Map.Entry<String, Path> configFile = DeployManifests.generatedConfigMapFile(WORKER_CONFIG_MAP);
    JsonNode deployment = deployment();
    JsonNode container = DeployManifests.container(deployment, "worker");
    String mountPath = DeployManifests.mountPathOf(deployment, container, WORKER_CONFIG_MAP);
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));

    assertThat(args).containsSubsequence("--config", mountPath + "/" + configFile.getKey());
    assertThat(kubernetesEnvironment().keySet()).filteredOn(n -> n.startsWith("LATENTQ_")).isNotEmpty();
    assertThatCode(DeployFilesTest::kubernetesConfig).doesNotThrowAnyException();
  }

  @Test
  void kubernetesPortsProbesServiceAndScrapeAnnotationsUseTheHttpPort() {
    int port = kubernetesConfig().http().port();
    List<JsonNode> objects = DeployManifests.allKubernetesObjects();
    JsonNode deployment = deployment();
    JsonNode container = DeployManifests.container(deployment, "worker");
    JsonNode service = DeployManifests.only(DeployManifests.kustomizedResources(), "Service");
    JsonNode servicePort = service.at("/spec/ports/0");
    JsonNode monitor = DeployManifests.only(objects, "ServiceMonitor");

    assertThat(container.path("ports")).extracting(p -> p.path("containerPort").asInt()).containsExactly(port);
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      JsonNode probePort = container.at("/" + probe + "/httpGet/port");
      assertThat(DeployManifests.resolvePort(container, probePort)).as(probe).isEqualTo(port);
    }
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
    assertThat(DeployManifests.resolvePort(container, servicePort.path("targetPort"))).isEqualTo(port);
    assertThat(servicePort.path("port").asInt()).isEqualTo(port);
    assertThat(deployment.at("/spec/template/metadata/annotations/prometheus.io~1port").asText())
        .isEqualTo(Integer.toString(port));
    assertThat(service.at("/metadata/annotations/prometheus.io~1port").asText()).isEqualTo(Integer.toString(port));
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo(servicePort.path("name").asText());
  }

  @Test
  void kubernetesTopicsJobCreatesTheConfiguredTopicsWithMorePartitionsThanWorkers() {
    WorkerConfig config = kubernetesConfig();
    JsonNode job = DeployManifests.only(DeployManifests.kustomizedResources(), "Job");
    String script = ScriptText.script(job.at("/spec/template/spec/containers/0"));
    Map<String, Integer> created = ScriptText.createdTopics(script);
    int maxReplicas = scaledObject().at("/spec/maxReplicaCount").asInt();

    assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(topicNames(config.kafka().topics()));
    assertThat(ScriptText.bootstrapServers(script))
        .containsExactly(config.kafka().bootstrapServers());
    // One more partition than workers lets a rolling update's surge pod get one and become ready.
    assertThat(created.get(config.kafka().topics().jobs())).isGreaterThan(maxReplicas);
  }

  @Test
  void kedaLagThresholdEqualsOneWorkersInFlightCapacity() {
    JsonNode trigger = kafkaTrigger();

    assertThat(trigger.at("/metadata/lagThreshold").asText())
        .isEqualTo(Integer.toString(kubernetesConfig().engine().maxQueuedJobs()));
    assertThat(trigger.at("/metadata/activationLagThreshold").isMissingNode()).isFalse();
  }

  @Test
  void kedaWatchesTheWorkersGroupTopicAndBrokersWithinThePartitionCount() {
    WorkerConfig config = kubernetesConfig();
    JsonNode metadata = kafkaTrigger().path("metadata");
    JsonNode scaledObject = scaledObject();

    assertThat(metadata.path("consumerGroup").asText()).isEqualTo(config.kafka().groupId());
    assertThat(metadata.path("topic").asText()).isEqualTo(config.kafka().topics().jobs());
    assertThat(metadata.path("bootstrapServers").asText()).isEqualTo(config.kafka().bootstrapServers());
    assertThat(metadata.path("offsetResetPolicy").asText()).isEqualTo("earliest");
    assertThat(metadata.path("allowIdleConsumers").asText("false")).isEqualTo("false");
    assertThat(scaledObject.at("/spec/scaleTargetRef/name").asText())
        .isEqualTo(deployment().at("/metadata/name").asText());
    assertThat(scaledObject.at("/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown/"
        + "stabilizationWindowSeconds").asInt()).isGreaterThanOrEqualTo(300);
  }

  @Test
  void terminationGracePeriodOutlastsPreStopPlusDrainTimeout() {
    JsonNode deployment = deployment();
    JsonNode preStop = DeployManifests.container(deployment, "worker").at("/lifecycle/preStop");
    long preStopSeconds = preStop.has("sleep") ? preStop.at("/sleep/seconds").asLong()
        : Long.parseLong(preStop.at("/exec/command/1").asText());
    long grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();

    assertThat(grace).isGreaterThan(preStopSeconds + kubernetesConfig().drainTimeout().toSeconds());
    assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
  }

  @Test
  void kustomizationAppliesEveryManifestBesideIt() throws IOException {
    List<String> resources = DeployManifests.kustomizationResources();
    Set<String> manifests;
    try (Stream<Path> files = Files.list(DeployManifests.K8S)) {
      manifests = files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml") && !n.endsWith(".example.yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
    assertThat(DeployManifests.generatedConfigMapFile(WORKER_CONFIG_MAP).getValue()).isRegularFile();
    assertThat(DeployManifests.kustomizedResources()).extracting(o -> o.path("kind").asText())
        .contains("Namespace", "Deployment", "Service", "PodDisruptionBudget", "ScaledObject", "Job")
        .doesNotContain("Secret");
  }

  @Test
  void dashboardQueriesOnlyMetricsTheWorkerExports() {
    Set<String> exported = MetricNames.exportedByWorker();
    Set<String> queried = MetricNames.queriedBy(DeployManifests.document("grafana/latentq-dashboard.json"));

    assertThat(exported).contains("latentq_jobs_total", "latentq_job_seconds_bucket", "latentq_step_seconds_sum");
    assertThat(queried).isNotEmpty().allSatisfy(name -> assertThat(exported).as("exported metrics").contains(name));
    assertThat(queried).contains("latentq_jobs_total", "latentq_queue_depth", "latentq_jobs_in_flight",
        "latentq_batch_occupancy", "latentq_step_seconds_bucket", "latentq_unet_samples_per_second",
        "latentq_upload_seconds_sum", "latentq_consumer_lag", "latentq_engine_busy_ratio",
        "latentq_job_seconds_bucket");
  }

  @Test
  void dockerfilesRunTheWorkerJarWithADrainableEntrypoint() throws IOException {
    int defaultPort = load(Optional.empty(), Map.of()).http().port();
    for (String name : List.of("Dockerfile", "Dockerfile.cuda")) {
      String dockerfile = Files.readString(DEPLOY.resolve("docker").resolve(name));
      Map<String, String> env = ScriptText.dockerfileEnvironment(dockerfile);

      assertThat(dockerfile).as(name).containsPattern("(?m)^EXPOSE " + defaultPort + "$")
          .containsPattern("(?m)^STOPSIGNAL SIGTERM$")
          .contains("\"-jar\", \"/app/latentq-worker.jar\", \"run\"]")
          .contains("--enable-native-access=ALL-UNNAMED").contains("-XX:MaxRAMPercentage=")
          .containsPattern("HEALTHCHECK .*/health/live").containsPattern("(?m)^USER \\S+");
      assertThatCode(() -> load(Optional.empty(), env)).as(name).doesNotThrowAnyException();
    }
    assertThat(Files.readString(DEPLOY.resolve("docker/Dockerfile.cuda")))
        .containsPattern("mvnw[^\\n]* -Pgpu ").contains("nvidia/cuda:12");
    assertThat(Files.readString(DEPLOY.resolve("docker/Dockerfile"))).doesNotContainPattern("mvnw[^\\n]* -Pgpu ");
  }

  private static WorkerConfig load(Optional<Path> file, Map<String, String> variables) {
    Map<String, String> env = new HashMap<>(variables);
    // Model folders are not here and would fail the load; the simulated engine does not read them.
    env.put("LATENTQ_ENGINE_MODE", "simulated");
    if (file.isEmpty()) {
      // Without a file only LATENTQ_MODELS names models, and a Dockerfile may set none.
      env.putIfAbsent("LATENTQ_MODELS", "demo=/models/demo");
    }
    return ConfigLoader.load(file, env);
  }

  private static Map<String, String> composeWorkerEnvironment() {
    Map<String, String> env = new TreeMap<>(
        DeployManifests.composeEnvironment(DeployManifests.composeService(COMPOSE, "worker")));
    env.putAll(DeployManifests.composeEnvironment(DeployManifests.composeService(COMPOSE_GPU, "worker")));
    return env;
  }

  private static WorkerConfig composeConfig() {
    return load(Optional.empty(), composeWorkerEnvironment());
  }

  private static JsonNode deployment() {
    return DeployManifests.only(DeployManifests.kustomizedResources(), "Deployment");
  }

  private static JsonNode scaledObject() {
    return DeployManifests.only(DeployManifests.kustomizedResources(), "ScaledObject");
  }

  private static JsonNode kafkaTrigger() {
    for (JsonNode trigger : scaledObject().at("/spec/triggers")) {
      if ("kafka".equals(trigger.path("type").asText())) {
        return trigger;
      }
    }
    throw new IllegalStateException("the ScaledObject has no kafka trigger");
  }

  private static Map<String, String> kubernetesEnvironment() {
    return DeployManifests.containerEnvironment(DeployManifests.container(deployment(), "worker"),
        DeployManifests.allKubernetesObjects());
  }

  private static WorkerConfig kubernetesConfig() {
    return load(Optional.of(DeployManifests.generatedConfigMapFile(WORKER_CONFIG_MAP).getValue()),
        kubernetesEnvironment());
  }

  private static List<String> topicNames(Topics topics) {
    return List.of(topics.jobs(), topics.events(), topics.control(), topics.deadLetter());
  }
}
