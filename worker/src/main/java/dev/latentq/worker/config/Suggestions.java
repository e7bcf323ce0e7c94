package dev.latentq.worker.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Finds the known names closest to a mistyped one, for "did you mean" hints. */
final class Suggestions {
  private Suggestions() {}

  /**
   * Known names within a small edit distance of {@code typed} (case-insensitive), names that complete it within its
   * last segment (a key cut short), and names in another section with the same last segment (a key put under the
   * wrong parent); closest first, at most three.
   */
  static List<String> closest(String typed, Collection<String> known, char separator) {
    String lower = typed.toLowerCase(Locale.ROOT);
    String last = lower.substring(lower.lastIndexOf(separator) + 1);
    record Scored(String name, String lower, int distance) {}
    return known.stream().map(name -> new Scored(name, name.toLowerCase(Locale.ROOT),
            distance(lower, name.toLowerCase(Locale.ROOT))))
        .filter(s -> s.distance() <= Math.max(2, typed.length() / 5)
            || last.length() > 2 && s.lower().substring(s.lower().lastIndexOf(separator) + 1).equals(last)
            || lower.length() > 3 && s.lower().startsWith(lower) && s.lower().indexOf(separator, lower.length()) < 0)
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
        .limit(3).map(Scored::name).toList();
  }

  /** {@code "; did you mean a, b or c?"}, or empty without suggestions. */
  static String didYouMean(List<String> names) {
    return names.isEmpty() ? "" : "; did you mean " + (names.size() == 1 ? names.getFirst()
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast()) + "?";
  }

  static int distance(String a, String b) {
    return LevenshteinDistance.getDefaultInstance().apply(a, b);
  }
}
