package dev.latentq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One real S3Proxy shared by the tests; every test leaves it running. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class S3ServerTest {

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  private S3Server server;

  @BeforeAll
  void startServer(@TempDir Path dataDir) {
    server = new S3Server(S3ServerConfig.builder(dataDir).build()).start();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void answersAnUnsignedRequestWithAnS3AccessDeniedError() throws Exception {
    HttpResponse<String> response = get(server.endpoint() + "/");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("<Error>").contains("<Code>AccessDenied</Code>");
  }

  @Test
  void exposesEndpointAndDefaultCredentials() {
    assertThat(server.endpoint()).isEqualTo("http://127.0.0.1:" + server.port());
    assertThat(server.accessKey()).isEqualTo("latentq");
    assertThat(server.secretKey()).isEqualTo("latentq-secret-key");
  }

  @Test
  void restartKeepsPortAndServesTheBucketsOnDisk() throws Exception {
    Path object = server.blobDir().resolve("images").resolve("cat.png");
    Files.createDirectories(object.getParent());
    Files.write(object, PNG_MAGIC);
    // The filesystem backend maps a world-readable file to a public-read object, which needs no signature.
    Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("rw-r--r--"));
    int port = server.port();
    long oldPid = server.pid().orElseThrow();

    server.restart();

    assertThat(server.port()).isEqualTo(port);
    assertThat(server.pid().orElseThrow()).isNotEqualTo(oldPid);
    HttpResponse<byte[]> response = get(server.endpoint() + "/images/cat.png", HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(PNG_MAGIC);
  }

  @Test
  void killThenStartServesAgainOnTheSamePort() throws Exception {
    int port = server.port();

    server.kill();
    assertThat(server.isRunning()).isFalse();
    server.start();

    assertThat(server.port()).isEqualTo(port);
    assertThat(get(server.endpoint() + "/").statusCode()).isEqualTo(403);
  }

  @Test
  void startFailsWithTheLogTailWhenThePortIsTaken(@TempDir Path otherDir) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        S3Server blocked = new S3Server(S3ServerConfig.builder(otherDir).port(taken.getLocalPort()).build())) {

      assertThatThrownBy(blocked::start)
          .isInstanceOf(DevstackException.class)
          .hasMessageContaining("did not come up")
          .hasMessageContaining("Last lines of " + otherDir.resolve("s3proxy.log"));
      assertThat(blocked.isRunning()).isFalse();
      assertThat(otherDir.resolve("s3proxy.pid")).doesNotExist();
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return get(url, HttpResponse.BodyHandlers.ofString());
  }

  private static <T> HttpResponse<T> get(String url, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), body);
    }
  }
}
