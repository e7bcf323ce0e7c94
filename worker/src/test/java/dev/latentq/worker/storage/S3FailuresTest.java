package dev.latentq.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.ErrorResponse;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3FailuresTest {

  private static final S3Target PUT = new S3Target("put", "images", "jobs/1.png");

  @ParameterizedTest
  @CsvSource({
      "SlowDown, 503, true", "RequestTimeout, 400, true", "InternalError, 500, true",
      "ServiceUnavailable, 503, true", "AccessDenied, 403, false", "NoSuchBucket, 404, false",
      "NoSuchKey, 404, false", "InvalidAccessKeyId, 403, false", "SignatureDoesNotMatch, 403, false",
      "InvalidArgument, 400, false", "SomethingNew, 502, true", "SomethingNew, 409, false"})
  void s3ErrorCodesDecideWhetherToRetry(String code, int status, boolean transientFailure) {
    StorageException e = S3Failures.classify(PUT, errorResponse(code, status));

    assertThat(e.isTransient()).isEqualTo(transientFailure);
    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(e.getMessage()).startsWith("S3 put of s3://images/jobs/1.png failed: " + code);
  }

  @Test
  void permanentErrorsSayWhatToFix() {
    assertThat(S3Failures.classify(PUT, errorResponse("NoSuchBucket", 404)).getMessage())
        .contains("create the bucket or enable storage.createBucket");
    assertThat(S3Failures.classify(PUT, errorResponse("SignatureDoesNotMatch", 403)).getMessage())
        .contains("check the storage access key, secret key");
  }

  @Test
  void connectionFailuresWrappedByTheSdkAreTransient() {
    Throwable wrapped = new IllegalStateException(new ConnectException("Failed to connect to /127.0.0.1:9"));

    StorageException e = S3Failures.classify(PUT, wrapped);

    assertThat(e.isTransient()).isTrue();
    assertThat(e.errorCode()).isEqualTo("Unreachable");
    assertThat(e.getMessage()).contains("s3://images/jobs/1.png", "ConnectException", "127.0.0.1:9");
    assertThat(e.getCause()).isSameAs(wrapped);
  }

  @Test
  void timeoutsAreTransient() {
    assertThat(S3Failures.classify(PUT, new SocketTimeoutException("timeout")).isTransient()).isTrue();
  }

  @Test
  void serverErrorsWithoutAnS3BodyDependOnTheStatus() {
    assertThat(S3Failures.classify(PUT, new ServerException("bad gateway", 502, "")).isTransient()).isTrue();
    assertThat(S3Failures.classify(PUT, new InvalidResponseException(503, "text/html", "<html>", ""))
        .isTransient()).isTrue();
    assertThat(S3Failures.classify(PUT, new InvalidResponseException(403, "text/html", "<html>", "")))
        .satisfies(e -> {
          assertThat(e.isTransient()).isFalse();
          assertThat(e.errorCode()).isEqualTo("HttpStatus403");
        });
  }

  @Test
  void invalidArgumentsArePermanent() {
    StorageException e = S3Failures.classify(S3Target.bucket("ensureBucket", "a"),
        new IllegalArgumentException("bucket name 'a' must be at least 3 and no more than 63 characters long"));

    assertThat(e.isTransient()).isFalse();
    assertThat(e.errorCode()).isEqualTo("InvalidArgument");
    assertThat(e.key()).isEmpty();
    assertThat(e.getMessage()).startsWith("S3 ensureBucket of s3://a failed: invalid argument: bucket name");
  }

  @Test
  void unknownExceptionsArePermanentSoBugsSurfaceAtOnce() {
    StorageException e = S3Failures.classify(PUT, new NullPointerException("oops"));

    assertThat(e.isTransient()).isFalse();
    assertThat(e.errorCode()).isEqualTo("Unexpected");
  }

  @Test
  void anExistingStorageExceptionIsKept() {
    StorageException original = StorageException.of(PUT, "ObjectTooLarge", "too large", false, null);

    assertThat(S3Failures.classify(PUT, original)).isSameAs(original);
  }

  private static ErrorResponseException errorResponse(String code, int status) {
    Response response = new Response.Builder()
        .request(new Request.Builder().url("http://127.0.0.1:9000/images/jobs/1.png").build())
        .protocol(Protocol.HTTP_1_1).code(status).message("status " + status).build();
    ErrorResponse error = new ErrorResponse(code, code + " message", "images", "jobs/1.png", "/images/jobs/1.png",
        "req-1", "host-1");
    return new ErrorResponseException(error, response, "");
  }
}
