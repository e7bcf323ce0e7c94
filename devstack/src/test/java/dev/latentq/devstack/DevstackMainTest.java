package dev.latentq.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(180)
class DevstackMainTest {

  @TempDir
  Path baseDir;

  @Test
  void printsConnectionSettingsObeysStdinCommandsAndStopsEverythingWhenStdinEnds() throws Exception {
    Process main = new ProcessBuilder(ChildJvms.command(DevstackMain.class, "--dir", baseDir.toString(),
        "--topics", "jobs:3")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    PrintStream in = new PrintStream(main.getOutputStream(), true, StandardCharsets.UTF_8);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8))) {
      Map<String, String> settings = readUntil(out, "LATENTQ_DEVSTACK_READY");
      assertThat(settings).containsKeys("LATENTQ_KAFKA_BOOTSTRAP", "LATENTQ_S3_ENDPOINT", "LATENTQ_KAFKA_PID")
          .containsEntry("LATENTQ_S3_ACCESS_KEY", "latentq")
          .containsEntry("LATENTQ_S3_SECRET_KEY", "latentq-secret-key");
      assertThat(settings.get("LATENTQ_KAFKA_BOOTSTRAP")).startsWith("127.0.0.1:");
      assertThat(settings.get("LATENTQ_S3_ENDPOINT")).startsWith("http://127.0.0.1:");
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
          settings.get("LATENTQ_KAFKA_BOOTSTRAP")))) {
        assertThat(admin.listTopics().names().get()).contains("jobs");
      }
      ProcessHandle kafka = ProcessHandle.of(Long.parseLong(settings.get("LATENTQ_KAFKA_PID"))).orElseThrow();
      ProcessHandle firstS3 = ProcessHandle.of(Long.parseLong(settings.get("LATENTQ_S3_PID"))).orElseThrow();

      in.println("s3-kill");
      assertThat(out.readLine()).isEqualTo("OK s3-kill");
      assertThat(readUntil(out, "LATENTQ_S3_PID")).containsEntry("LATENTQ_S3_PID", "");
      assertThat(firstS3.isAlive()).isFalse();

      in.println("s3-start");
      assertThat(out.readLine()).isEqualTo("OK s3-start");
      String secondS3Pid = readUntil(out, "LATENTQ_S3_PID").get("LATENTQ_S3_PID");
      assertThat(secondS3Pid).isNotEmpty().isNotEqualTo(Long.toString(firstS3.pid()));

      in.println("reboot");
      assertThat(out.readLine()).startsWith("ERROR reboot: unknown command");

      ProcessHandle secondS3 = ProcessHandle.of(Long.parseLong(secondS3Pid)).orElseThrow();
      in.close(); // end of stdin: the devstack stops
      assertThat(main.onExit()).succeedsWithin(Duration.ofSeconds(60));
      assertThat(main.exitValue()).isZero();
      assertThat(kafka.isAlive()).isFalse();
      assertThat(secondS3.isAlive()).isFalse();
    } finally {
      main.destroyForcibly();
    }
  }

  private static Map<String, String> readUntil(BufferedReader out, String lastKey) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      int eq = line.indexOf('=');
      assertThat(eq).as("KEY=value line, got: %s", line).isPositive();
      settings.put(line.substring(0, eq), line.substring(eq + 1));
      if (line.startsWith(lastKey + "=")) {
        return settings;
      }
    }
    throw new AssertionError("stdout ended before " + lastKey + "; got " + settings);
  }
}
