package dev.latentq.loadtest;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Generates run ids that sort by start time and stay unique across machines, e.g. {@code 20261126-101500-3fa2}. */
public final class RunIds {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private RunIds() {
  }

  /** A new run id for a run starting at {@code now}. */
  public static String generate(Instant now) {
    byte[] suffix = new byte[2];
    new SecureRandom().nextBytes(suffix);
    return STAMP.format(now) + "-" + HexFormat.of().formatHex(suffix);
  }
}
