package dev.latentq.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits normalised text into the words BPE runs on, with CLIP's pattern: the contractions {@code 's 't 're 've 'm
 * 'll 'd}, runs of letters, single digits, and runs of other non-space characters. Whitespace is dropped.
 * Stateless and thread-safe.
 */
final class ClipPreTokenizer {

  private static final String START_LITERAL = "<|startoftext|>";
  private static final String END_LITERAL = "<|endoftext|>";
  private static final Pattern WORD = Pattern.compile(
      "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
      Pattern.UNICODE_CHARACTER_CLASS);

  List<String> words(String normalizedText) {
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(normalizedText);
    while (matcher.find()) {
      String word = matcher.group();
      if (word.equals(START_LITERAL) || word.equals(END_LITERAL)) {
        // Real special tokens were split off before normalisation; these literals come from text such as
        // "<|ENDOFTEXT|>" after lower-casing. The reference pattern keeps them whole, but its byte-level stage then
        // re-splits them GPT-2 style into "<|", the name, "|>"; doing that here gives the same words.
        words.add("<|");
        words.add(word.substring(2, word.length() - 2));
        words.add("|>");
      } else {
        words.add(word);
      }
    }
    return words;
  }
}
