package dev.latentq.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link Devstack} from the command line for scripts and fault tests; see {@link DevstackArgs#USAGE}.
 * Output on stdout is {@code KEY=value} lines only; everything else goes to stderr.
 */
public final class DevstackMain {

  private final Devstack devstack;
  private final PrintStream out;

  private DevstackMain(Devstack devstack, PrintStream out) {
    this.devstack = devstack;
    this.out = out;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    DevstackArgs parsed;
    try {
      parsed = DevstackArgs.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(DevstackArgs.USAGE);
      System.exit(2);
      return;
    }
    Devstack devstack;
    try {
      devstack = Devstack.builder(parsed.dir())
          .kafkaPort(parsed.kafkaPort())
          .kafkaControllerPort(parsed.controllerPort())
          .s3Port(parsed.s3Port())
          .s3Credentials(parsed.accessKey(), parsed.secretKey())
          .topics(parsed.topics())
          .start();
    } catch (DevstackException e) {
      System.err.println("Devstack did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    DevstackMain main = new DevstackMain(devstack, System.out);
    main.printConnection();
    main.out.println("LATENTQ_DEVSTACK_READY=true");
    main.out.flush();
    if (parsed.watchStdin() && !stdinIsDevNull()) {
      main.serveCommands();
      devstack.close();
      System.exit(0);
    }
    // The child processes' shutdown hooks stop them on SIGTERM/SIGINT.
    new CountDownLatch(1).await();
  }

  private void printConnection() {
    out.println("LATENTQ_KAFKA_BOOTSTRAP=" + devstack.bootstrapServers());
    out.println("LATENTQ_S3_ENDPOINT=" + devstack.s3Endpoint());
    out.println("LATENTQ_S3_ACCESS_KEY=" + devstack.s3AccessKey());
    out.println("LATENTQ_S3_SECRET_KEY=" + devstack.s3SecretKey());
    printPids();
  }

  private void printPids() {
    out.println("LATENTQ_KAFKA_PID=" + pidText(devstack.kafka().pid()));
    out.println("LATENTQ_S3_PID=" + pidText(devstack.s3().pid()));
  }

  private static String pidText(java.util.OptionalLong pid) {
    return pid.isPresent() ? Long.toString(pid.getAsLong()) : "";
  }

  /** One command per line until {@code quit} or the end of stdin; each answers with OK or ERROR, then pids. */
  private void serveCommands() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String command = line.trim();
      if (command.equals("quit") || command.equals("exit")) {
        return;
      }
      if (command.isEmpty()) {
        continue;
      }
      try {
        run(command);
        out.println("OK " + command);
      } catch (DevstackException | IllegalArgumentException | IllegalStateException e) {
        out.println("ERROR " + command + ": " + e.getMessage().replace('\n', ' '));
      }
      printPids();
      out.flush();
    }
  }

  private void run(String command) {
    switch (command) {
      case "kafka-stop" -> devstack.kafka().stop();
      case "kafka-kill" -> devstack.kafka().kill();
      case "kafka-start" -> devstack.kafka().start();
      case "s3-stop" -> devstack.s3().stop();
      case "s3-kill" -> devstack.s3().kill();
      case "s3-start" -> devstack.s3().start();
      case "status" -> {
        return;
      }
      default -> throw new IllegalArgumentException("unknown command (try kafka-stop, kafka-kill, kafka-start, "
          + "s3-stop, s3-kill, s3-start, status, quit)");
    }
  }

  /** Background jobs of non-interactive shells get /dev/null as stdin; its instant EOF must not stop us. */
  private static boolean stdinIsDevNull() {
    Path stdin = Path.of("/proc/self/fd/0");
    try {
      return Files.isSymbolicLink(stdin) && Files.readSymbolicLink(stdin).toString().equals("/dev/null");
    } catch (IOException e) {
      // No /proc (not Linux): treat stdin as a real input, --ignore-stdin covers the rest.
      return false;
    }
  }
}
