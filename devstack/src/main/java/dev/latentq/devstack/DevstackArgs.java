package dev.latentq.devstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line of {@link DevstackMain}.
 *
 * @param dir base directory (Kafka data in {@code kafka/}, buckets in {@code s3/})
 * @param kafkaPort PLAINTEXT port, 0 for a free one
 * @param controllerPort CONTROLLER port, 0 for a free one
 * @param s3Port S3 HTTP port, 0 for a free one
 * @param topics partitions by topic name, created at start
 * @param accessKey S3 access key
 * @param secretKey S3 secret key
 * @param watchStdin whether stdin carries commands and its end stops the devstack
 */
record DevstackArgs(Path dir, int kafkaPort, int controllerPort, int s3Port, Map<String, Integer> topics,
    String accessKey, String secretKey, boolean watchStdin) {

  static final String USAGE = """
      Usage: DevstackMain --dir DIR [--kafka-port N] [--controller-port N] [--s3-port N] [--topics a:3,b:1]
                          [--access-key KEY] [--secret-key KEY] [--ignore-stdin]
      Starts a Kafka broker and an S3 server (child JVMs) on 127.0.0.1, prints KEY=value lines, ending with
      LATENTQ_DEVSTACK_READY=true, and runs until SIGTERM/SIGINT or the end of stdin. Ports default to free ones
      (reused from an earlier run on the same DIR). While running, stdin lines are commands:
      kafka-stop, kafka-kill, kafka-start, s3-stop, s3-kill, s3-start, status, quit.
      --ignore-stdin keeps running when stdin ends (stdin redirected from /dev/null is ignored anyway).""";

  static DevstackArgs parse(String... args) {
    Path dir = null;
    int kafkaPort = 0;
    int controllerPort = 0;
    int s3Port = 0;
    Map<String, Integer> topics = new LinkedHashMap<>();
    String accessKey = S3ServerConfig.DEFAULT_ACCESS_KEY;
    String secretKey = S3ServerConfig.DEFAULT_SECRET_KEY;
    boolean watchStdin = true;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--ignore-stdin")) {
        watchStdin = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value after " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--dir" -> dir = Path.of(value);
        case "--kafka-port" -> kafkaPort = port(option, value);
        case "--controller-port" -> controllerPort = port(option, value);
        case "--s3-port" -> s3Port = port(option, value);
        case "--topics" -> topics.putAll(topics(value));
        case "--access-key" -> accessKey = value;
        case "--secret-key" -> secretKey = value;
        default -> throw new IllegalArgumentException("Unknown option " + option);
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("--dir is required");
    }
    return new DevstackArgs(dir, kafkaPort, controllerPort, s3Port, Map.copyOf(topics), accessKey, secretKey,
        watchStdin);
  }

  private static int port(String option, String value) {
    int port = number(option, value);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(option + " must be 0..65535, got " + value);
    }
    return port;
  }

  private static Map<String, Integer> topics(String value) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String entry : value.split(",")) {
      String[] parts = entry.trim().split(":");
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new IllegalArgumentException("--topics entries look like name:partitions, got '" + entry + "'");
      }
      int partitions = number("--topics " + parts[0], parts[1]);
      if (partitions < 1) {
        throw new IllegalArgumentException("Topic " + parts[0] + " needs at least 1 partition, got " + partitions);
      }
      topics.put(parts[0].trim(), partitions);
    }
    return topics;
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, got '" + value + "'", e);
    }
  }
}
