package dev.latentq.worker.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the known names closest to a mistyped one, for "did you mean" hints. */
final class Suggestions {
  private static final int MAX_SUGGESTIONS = 3;

  private Suggestions() {}

  /**
   * Known names within a small edit distance of {@code typed} (case-insensitive), names that complete it (a key
   * cut short), and names in another section with the same last segment (a key put under the wrong parent);
   * closest first, at most three.
   */
  static List<String> closest(String typed, Collection<String> known, char separator) {
    String lower = typed.toLowerCase(Locale.ROOT);
    String lastSegment = lower.substring(lower.lastIndexOf(separator) + 1);
    int limit = Math.max(2, typed.length() / 5);
    record Scored(String name, int distance) {}
    return known.stream()
        .map(name -> new Scored(name, distance(lower, name.toLowerCase(Locale.ROOT))))
        .filter(s -> s.distance() <= limit || sameLastSegment(s.name(), lastSegment, separator)
            || completes(s.name(), lower, separator))
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
        .limit(MAX_SUGGESTIONS)
        .map(Scored::name)
        .toList();
  }

  /** {@code "; did you mean a, b or c?"}, or empty without suggestions. */
  static String didYouMean(List<String> suggestions) {
    if (suggestions.isEmpty()) {
      return "";
    }
    String last = suggestions.getLast();
    String others = String.join(", ", suggestions.subList(0, suggestions.size() - 1));
    return "; did you mean " + (others.isEmpty() ? last : others + " or " + last) + "?";
  }

  /** The name extends the typed one within its last segment ({@code kafka.bootstrap} → {@code bootstrapServers}). */
  private static boolean completes(String name, String typedLower, char separator) {
    String lower = name.toLowerCase(Locale.ROOT);
    return typedLower.length() > 3 && lower.startsWith(typedLower)
        && lower.indexOf(separator, typedLower.length()) < 0;
  }

  private static boolean sameLastSegment(String name, String lastSegment, char separator) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lastSegment.length() > 2 && lower.substring(lower.lastIndexOf(separator) + 1).equals(lastSegment);
  }

  /** Levenshtein distance with two rolling rows. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
