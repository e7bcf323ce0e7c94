package dev.latentq.worker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads what deployment files say in text rather than structure: shell scripts and Dockerfiles. Stateless. */
final class ScriptText {
  private static final Pattern TOPIC_LINE = Pattern.compile("[^\\n]*--topic[^\\n]*--partitions[^\\n]*");
  private static final Pattern TOPIC = Pattern.compile("--topic\\s+([A-Za-z0-9._-]+)");
  private static final Pattern PARTITIONS = Pattern.compile("--partitions\\s+(\\d+)");
  private static final Pattern BOOTSTRAP = Pattern.compile("--bootstrap-server\\s+(\\S+)");
  private static final Pattern DOCKER_ENV = Pattern.compile("(?m)^ENV\\s+(LATENTQ_[A-Z0-9_]+)=(\\S+)");

  private ScriptText() {}

  /** The text a Compose service or Kubernetes container runs: its entrypoint, command and args, one per line. */
  static String script(JsonNode runnable) {
    StringBuilder text = new StringBuilder();
    for (String field : List.of("entrypoint", "command", "args")) {
      JsonNode value = runnable.path(field);
      if (value.isArray()) {
        value.forEach(v -> text.append(v.asText()).append('\n'));
      } else if (!value.isMissingNode()) {
        text.append(value.asText()).append('\n');
      }
    }
    return text.toString();
  }

  /** Topic name to partitions, from the lines of a script that name both (kafka-topics.sh --create calls). */
  static Map<String, Integer> createdTopics(String script) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    Matcher line = TOPIC_LINE.matcher(script);
    while (line.find()) {
      Matcher topic = TOPIC.matcher(line.group());
      Matcher partitions = PARTITIONS.matcher(line.group());
      if (!topic.find() || !partitions.find()) {
        throw new IllegalStateException("cannot read topic and partitions from: " + line.group());
      }
      topics.put(topic.group(1), Integer.parseInt(partitions.group(1)));
    }
    return topics;
  }

  /** Every --bootstrap-server value in a script. */
  static Set<String> bootstrapServers(String script) {
    return BOOTSTRAP.matcher(script).results().map(m -> m.group(1)).collect(Collectors.toSet());
  }

  /** The {@code ENV LATENTQ_X=value} lines of a Dockerfile. */
  static Map<String, String> dockerfileEnvironment(String dockerfile) {
    Map<String, String> env = new TreeMap<>();
    Matcher matcher = DOCKER_ENV.matcher(dockerfile);
    while (matcher.find()) {
      env.put(matcher.group(1), matcher.group(2));
    }
    return env;
  }
}
