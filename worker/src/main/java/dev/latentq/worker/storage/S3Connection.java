package dev.latentq.worker.storage;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where an S3-compatible server is and how to sign requests for it. {@link #toString()} leaves out the keys.
 *
 * @param endpoint {@code http(s)://host[:port]}, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key id; null together with {@code secretKey} for anonymous (unsigned) access
 * @param secretKey secret access key; null together with {@code accessKey}
 * @param region signing region; set explicitly so that the client never asks the server for bucket locations
 */
public record S3Connection(String endpoint, String accessKey, String secretKey, String region) {

  /** Validates every field, naming the setting to fix. */
  public S3Connection {
    requireText(endpoint, "endpoint", "e.g. http://127.0.0.1:9000");
    requireText(region, "region", "e.g. us-east-1, which MinIO and S3Proxy accept");
    checkEndpoint(endpoint);
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException("Storage " + (accessKey == null ? "accessKey" : "secretKey")
          + " is missing: set both accessKey and secretKey, or neither for anonymous access");
    }
    if (accessKey != null) {
      requireText(accessKey, "accessKey", "the S3 access key id, or leave both keys unset for anonymous access");
      requireText(secretKey, "secretKey", "the S3 secret key, or leave both keys unset for anonymous access");
    }
  }

  /** True when requests go unsigned. */
  public boolean anonymous() {
    return accessKey == null;
  }

  @Override
  public String toString() {
    return "S3Connection[endpoint=" + endpoint + ", credentials=" + (anonymous() ? "none" : "set") + ", region="
        + region + "]";
  }

  private static void requireText(String value, String name, String hint) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Storage " + name + " is empty: set it (" + hint + ")");
    }
  }

  private static void checkEndpoint(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Storage endpoint '" + endpoint + "' is not a URL: " + e.getMessage()
          + " (expected http(s)://host[:port])", e);
    }
    boolean httpScheme = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    if (!httpScheme || uri.getHost() == null) {
      throw new IllegalArgumentException("Storage endpoint '" + endpoint
          + "' must look like http(s)://host[:port], e.g. http://127.0.0.1:9000");
    }
  }
}
