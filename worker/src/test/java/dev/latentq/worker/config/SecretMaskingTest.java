package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretMaskingTest {
  @TempDir Path dir;

  private WorkerConfig configWithSecrets() {
    return ConfigFixtures.loadEnv(dir,
        "LATENTQ_S3_ACCESS_KEY", "AKIA-ACCESS-1234",
        "LATENTQ_S3_SECRET_KEY", "s3-secret-5678",
        "LATENTQ_KAFKA_PROPERTY_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"jaas-pass-1\";",
        "LATENTQ_KAFKA_PROPERTY_SSL_KEYSTORE_PASSWORD", "keystore-pass-2",
        "LATENTQ_KAFKA_PROPERTY_SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET", "oauth-secret-3",
        "LATENTQ_KAFKA_PROPERTY_SECURITY_PROTOCOL", "SASL_SSL");
  }

  @Test
  void toStringAndSummaryHideEverySecret() {
    WorkerConfig config = configWithSecrets();

    for (String text : new String[] {config.toString(), config.summary(), config.kafka().toString(),
        config.storage().toString()}) {
      assertThat(text).doesNotContain("AKIA-ACCESS-1234", "s3-secret-5678", "jaas-pass-1", "keystore-pass-2",
          "oauth-secret-3");
    }
  }

  @Test
  void nonSecretValuesStayReadable() {
    WorkerConfig config = configWithSecrets();

    assertThat(config.toString()).contains("security.protocol=SASL_SSL", "sasl.jaas.config=****",
        "ssl.keystore.password=****", "accessKey=****", "secretKey=****", "bucket=latentq-images");
    assertThat(config.summary()).contains("security.protocol=SASL_SSL", "credentials=****", "maxBatch=8",
        "commitInterval=1s", "drainTimeout: 1m");
  }

  @Test
  void unsetCredentialsShowAsAbsentNotMasked() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir);

    assertThat(config.storage().toString()).contains("accessKey=null", "secretKey=null");
    assertThat(config.summary()).contains("credentials=none");
  }

  @Test
  void secretsAreNotEchoedInProblems() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigFixtures.loadEnv(dir, "LATENTQ_S3_SECRET_KEY", "lonely-secret-9"));

    assertThat(e).hasMessageNotContaining("lonely-secret-9");
    assertThat(e.problems()).containsExactly("storage.secretKey is set but storage.accessKey is not: set both "
        + "(or neither, for anonymous access) (set in the config file or LATENTQ_S3_ACCESS_KEY)");
  }

  @Test
  void secretPropertyNamesAreRecognized() {
    assertThat(Secrets.isSecretProperty("sasl.jaas.config")).isTrue();
    assertThat(Secrets.isSecretProperty("ssl.key.password")).isTrue();
    assertThat(Secrets.isSecretProperty("ssl.keystore.key")).isTrue();
    assertThat(Secrets.isSecretProperty("basic.auth.user.info.SECRET")).isTrue();
    assertThat(Secrets.isSecretProperty("security.protocol")).isFalse();
    assertThat(Secrets.isSecretProperty("ssl.truststore.location")).isFalse();
  }
}
