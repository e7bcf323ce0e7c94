package dev.latentq.worker.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.errors.XmlParserException;
import io.minio.messages.ErrorResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the MinIO SDK throws into {@link StorageException}s, deciding transient versus permanent. The SDK
 * wraps I/O errors (connection refused, timeouts) in {@code IllegalStateException}s, so the cause chain is searched.
 */
final class S3Failures {

  /** Codes S3, MinIO and S3Proxy use for "busy or briefly broken, try again". */
  private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "RequestTimeout", "InternalError",
      "ServiceUnavailable", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequests",
      "OperationAborted", "XMinioServerNotInitialized");
  private static final Set<String> CREDENTIAL_CODES = Set.of("AccessDenied", "InvalidAccessKeyId",
      "SignatureDoesNotMatch", "AuthorizationHeaderMalformed", "ExpiredToken", "InvalidToken");
  private static final Pattern RESPONSE_CODE = Pattern.compile("Response code: (\\d{3})");
  private static final int MAX_CAUSE_DEPTH = 16;

  private S3Failures() {
  }

  static StorageException classify(S3Target target, Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
      StorageException classified = classifyOne(target, t, failure);
      if (classified != null) {
        return classified;
      }
    }
    return StorageException.of(target, "Unexpected", "unexpected " + summary(failure)
        + "; this is not a known S3 error, so it is not retried", false, failure);
  }

  /** Whether a stat failed with "not found": no such key, or (unless {@code bucketMustExist}) no such bucket. */
  static boolean isNotFound(ErrorResponseException e, boolean bucketMustExist) {
    String code = e.errorResponse() == null ? null : e.errorResponse().code();
    if (bucketMustExist && "NoSuchBucket".equals(code)) {
      return false;
    }
    return "NoSuchKey".equals(code) || "NoSuchObject".equals(code)
        || (e.response() != null && e.response().code() == 404);
  }

  static boolean isTransientStatus(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  private static StorageException classifyOne(S3Target target, Throwable t, Throwable failure) {
    return switch (t) {
      case StorageException known -> known;
      case ErrorResponseException e -> fromErrorResponse(target, e, failure);
      case ServerException e -> fromStatus(target, e.statusCode(), "server error " + e.statusCode(), failure);
      case InvalidResponseException e -> fromInvalidResponse(target, e, failure);
      case XmlParserException e -> StorageException.of(target, "Unexpected",
          "unreadable response (" + summary(e) + "); a proxy in front of S3 may be failing", true, failure);
      case IOException e -> StorageException.of(target, "Unreachable",
          summary(e) + "; the S3 server is down, unreachable or too slow", true, failure);
      case IllegalArgumentException e -> StorageException.of(target, "InvalidArgument",
          "invalid argument: " + e.getMessage(), false, failure);
      default -> null;
    };
  }

  private static StorageException fromErrorResponse(S3Target target, ErrorResponseException e, Throwable failure) {
    ErrorResponse response = e.errorResponse();
    String code = response == null || response.code() == null ? "" : response.code();
    int status = e.response() == null ? 0 : e.response().code();
    String detail = (code.isEmpty() ? "HTTP " + status : code) + " (" + e.getMessage() + ")";
    if (TRANSIENT_CODES.contains(code)) {
      return StorageException.of(target, code, detail + "; the server is busy or restarting", true, failure);
    }
    if (code.isEmpty()) {
      return fromStatus(target, status, detail, failure);
    }
    return StorageException.of(target, code, detail + hint(code), isTransientStatus(status), failure);
  }

  private static StorageException fromInvalidResponse(S3Target target, InvalidResponseException e,
      Throwable failure) {
    Matcher matcher = RESPONSE_CODE.matcher(String.valueOf(e.getMessage()));
    int status = matcher.find() ? Integer.parseInt(matcher.group(1)) : 502;
    return fromStatus(target, status, "non-S3 HTTP " + status + " answer; is the endpoint an S3 server, and is a "
        + "proxy in front of it failing?", failure);
  }

  private static StorageException fromStatus(S3Target target, int status, String detail, Throwable failure) {
    return StorageException.of(target, "HttpStatus" + status, detail, isTransientStatus(status), failure);
  }

  private static String hint(String code) {
    if (CREDENTIAL_CODES.contains(code)) {
      return "; check the storage access key, secret key and region, and the bucket policy";
    }
    return switch (code) {
      case "NoSuchBucket" -> "; create the bucket or enable storage.createBucket";
      case "NoSuchKey" -> "; no object has this key: check the key the job refers to";
      default -> "";
    };
  }

  private static String summary(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
