package dev.latentq.loadtest.faults;

import java.util.List;

/**
 * What the stored images of a run's succeeded jobs looked like in S3.
 *
 * @param expected distinct object keys named by succeeded events
 * @param verified objects found whose SHA-256 matches every succeeded event that names them
 * @param missing keys named by a succeeded event with no object behind them
 * @param conflicting keys for which succeeded events name different SHA-256 digests (a redelivered job drew a
 *     different image), or whose stored bytes match none of them
 * @param misplaced images whose key is not the deterministic {@code <prefix><jobId>/<index>.png}
 * @param stray objects under a succeeded job's prefix that no event names (a second copy of an image)
 * @param problems up to {@value #MAX_PROBLEMS} examples
 */
public record ObjectCheck(long expected, long verified, long missing, long conflicting, long misplaced, long stray,
    List<String> problems) {

  /** How many examples are kept. */
  public static final int MAX_PROBLEMS = 20;

  public ObjectCheck {
    problems = List.copyOf(problems);
  }

  /** Whether every image is where it belongs, once, with the bytes its events describe. */
  public boolean clean() {
    return missing == 0 && conflicting == 0 && misplaced == 0 && stray == 0 && verified == expected;
  }
}
