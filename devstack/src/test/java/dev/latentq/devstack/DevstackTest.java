package dev.latentq.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(180)
class DevstackTest {

  @TempDir
  Path baseDir;

  @Test
  void startsBothServersUnderOneDirectoryWithTopicsAndStopsThemOnClose() throws Exception {
    KafkaBroker kafka;
    S3Server s3;
    try (Devstack devstack = Devstack.builder(baseDir).topic("jobs", 2).topic("results", 1)
        .s3Credentials("ak-test", "sk-test").start()) {
      kafka = devstack.kafka();
      s3 = devstack.s3();

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
          devstack.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get()).contains("jobs", "results");
      }
      try (HttpClient client = HttpClient.newHttpClient()) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(devstack.s3Endpoint()))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("AccessDenied");
      }
      assertThat(devstack.s3AccessKey()).isEqualTo("ak-test");
      assertThat(devstack.s3SecretKey()).isEqualTo("sk-test");
      assertThat(kafka.dataDir()).isEqualTo(baseDir.resolve("kafka"));
      assertThat(s3.dataDir()).isEqualTo(baseDir.resolve("s3"));
    }

    assertThat(kafka.isRunning()).isFalse();
    assertThat(s3.isRunning()).isFalse();
    assertThat(baseDir.resolve("kafka/broker.pid")).doesNotExist();
    assertThat(baseDir.resolve("s3/s3proxy.pid")).doesNotExist();
  }
}
