package dev.latentq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamingRulesTest {

  @Test
  void idsAreOneTo128SafeCharacters() {
    assertThat(NamingRules.isId("job-1.A_b")).isTrue();
    assertThat(NamingRules.isId("x".repeat(128))).isTrue();
    assertThat(NamingRules.isId("x".repeat(129))).isFalse();
    assertThat(NamingRules.isId("")).isFalse();
    assertThat(NamingRules.isId("with space")).isFalse();
    assertThat(NamingRules.isId(null)).isFalse();
  }

  @Test
  void bucketsFollowS3sNamingRules() {
    assertThat(NamingRules.isBucket("latentq-out")).isTrue();
    assertThat(NamingRules.isBucket("in.put-1")).isTrue();
    assertThat(NamingRules.isBucket("ab")).as("too short").isFalse();
    assertThat(NamingRules.isBucket("Upper")).isFalse();
    assertThat(NamingRules.isBucket("-dash")).isFalse();
    assertThat(NamingRules.isBucket("two..dots")).isFalse();
    assertThat(NamingRules.isBucket("192.168.0.1")).isFalse();
  }

  @Test
  void keyPrefixesCannotClimbOutOfTheirFolder() {
    assertThat(NamingRules.isSafeKeyPrefix("")).isTrue();
    assertThat(NamingRules.isSafeKeyPrefix("runs/2026/")).isTrue();
    assertThat(NamingRules.isSafeKeyPrefix("a..b/c.")).as("dots inside a segment are fine").isTrue();
    assertThat(NamingRules.isSafeKeyPrefix("/abs")).isFalse();
    assertThat(NamingRules.isSafeKeyPrefix("a/../b")).isFalse();
    assertThat(NamingRules.isSafeKeyPrefix("win\\path")).isFalse();
    assertThat(NamingRules.isSafeKeyPrefix("tab\there")).isFalse();
    assertThat(NamingRules.isSafeKeyPrefix("a/./b")).as("a '.' segment names a directory").isFalse();
    assertThat(NamingRules.isSafeKeyPrefix("x".repeat(255) + "/")).isTrue();
    assertThat(NamingRules.isSafeKeyPrefix("x".repeat(256) + "/")).as("segments over 255 bytes").isFalse();
    assertThat(NamingRules.isSafeKeyPrefix("\u00e9".repeat(128))).as("bytes, not characters").isFalse();
    assertThat(NamingRules.isSafeKeyPrefix(null)).isFalse();
  }

  @Test
  void idsCannotBeDotOrDotDot() {
    assertThat(NamingRules.isId(".")).isFalse();
    assertThat(NamingRules.isId("..")).isFalse();
    assertThat(NamingRules.isId("...")).isTrue();
    assertThat(NamingRules.isId(".hidden")).isTrue();
  }

  @Test
  void wholeKeysNameTheirUnstorableSegment() {
    assertThat(NamingRules.keySegmentProblem("out/job-1/0.png")).isEmpty();
    assertThat(NamingRules.keySegmentProblem("out/../0.png")).hasValueSatisfying(p -> assertThat(p).contains("'..'"));
    assertThat(NamingRules.keySegmentProblem("p".repeat(200) + "i".repeat(100) + "/0.png"))
        .hasValueSatisfying(p -> assertThat(p).contains("300 bytes long"));
  }

  @Test
  void controlCharactersIncludeC0AndC1() {
    assertThat(NamingRules.hasControlCharacter("ok/\u56fe\u7247.png")).isFalse();
    assertThat(NamingRules.hasControlCharacter("nul\u0000")).isTrue();
    assertThat(NamingRules.hasControlCharacter("c1\u0085")).isTrue();
    assertThat(NamingRules.hasControlCharacter("del\u007f")).isTrue();
  }
}
