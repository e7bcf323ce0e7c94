package dev.latentq.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cuts raw prompt text at its special tokens (exact, case-sensitive matches; at one position the longest token
 * wins), before any normalisation, as the reference tokenizer's added-token pass does. Immutable and thread-safe.
 */
final class SpecialTokenSplitter {

  /** A piece of the prompt: either plain text for BPE or one special token. */
  sealed interface Piece permits Text, Special {
  }

  /** Text between special tokens (never empty). */
  record Text(String text) implements Piece {
  }

  /** A special token occurrence, already resolved to its id. */
  record Special(int id) implements Piece {
  }

  private final String[] tokens;
  private final int[] ids;

  /** Recognises exactly the given tokens; keys are the tokens' (non-empty) texts, values their ids. */
  SpecialTokenSplitter(Map<String, Integer> idByToken) {
    this.tokens = idByToken.keySet().toArray(String[]::new);
    this.ids = idByToken.values().stream().mapToInt(Integer::intValue).toArray();
  }

  List<Piece> split(String text) {
    List<Piece> pieces = new ArrayList<>();
    int textStart = 0;
    int position = 0;
    while (position < text.length()) {
      int match = longestTokenAt(text, position);
      if (match < 0) {
        position++;
        continue;
      }
      if (position > textStart) {
        pieces.add(new Text(text.substring(textStart, position)));
      }
      pieces.add(new Special(ids[match]));
      position += tokens[match].length();
      textStart = position;
    }
    if (textStart < text.length()) {
      pieces.add(new Text(text.substring(textStart)));
    }
    return pieces;
  }

  private int longestTokenAt(String text, int position) {
    int best = -1;
    for (int i = 0; i < tokens.length; i++) {
      if (text.startsWith(tokens[i], position) && (best < 0 || tokens[i].length() > tokens[best].length())) {
        best = i;
      }
    }
    return best;
  }
}
