package dev.latentq.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3ConnectionTest {

  @Test
  void toStringLeavesOutTheKeys() {
    S3Connection connection = new S3Connection("http://127.0.0.1:9000", "latentq-id", "top-secret", "us-east-1");

    assertThat(connection.toString()).contains("http://127.0.0.1:9000", "credentials=set", "us-east-1")
        .doesNotContain("top-secret", "latentq-id");
  }

  @Test
  void noKeysAtAllMeansAnonymousAccess() {
    S3Connection connection = new S3Connection("https://s3.example.com", null, null, "eu-west-1");

    assertThat(connection.anonymous()).isTrue();
    assertThat(connection.toString()).contains("credentials=none");
  }

  @Test
  void onlyOneKeyIsRejected() {
    assertThatThrownBy(() -> new S3Connection("http://h:1", "id", null, "us-east-1"))
        .hasMessageContaining("secretKey is missing").hasMessageContaining("or neither for anonymous access");
  }

  @Test
  void rejectsEmptySettingsNamingThem() {
    assertThatThrownBy(() -> new S3Connection("http://h:1", "a", " ", "us-east-1"))
        .hasMessageContaining("secretKey");
    assertThatThrownBy(() -> new S3Connection("http://h:1", "a", "b", ""))
        .hasMessageContaining("region").hasMessageContaining("us-east-1");
  }

  @Test
  void rejectsEndpointsThatAreNotHttpUrls() {
    assertThatThrownBy(() -> new S3Connection("127.0.0.1:9000", "a", "b", "us-east-1"))
        .hasMessageContaining("http(s)://host[:port]");
    assertThatThrownBy(() -> new S3Connection("ftp://host", "a", "b", "us-east-1"))
        .hasMessageContaining("http(s)://host[:port]");
  }
}
