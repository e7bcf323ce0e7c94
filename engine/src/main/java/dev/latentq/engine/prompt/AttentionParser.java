package dev.latentq.engine.prompt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AUTOMATIC1111's emphasis parser ({@code parse_prompt_attention} of stable-diffusion-webui's
 * {@code modules/prompt_parser.py}), rule for rule, so that weights come out as the same doubles.
 *
 * <p>{@code (text)} multiplies by 1.1, {@code [text]} by 1/1.1, {@code (text:w)} by w; {@code \( \) \[ \] \\}
 * are literal characters and a lone backslash is dropped (A1111 keeps the text after the backslash, which is
 * nothing); unmatched closers are text, unclosed openers apply to the end of the prompt; {@code BREAK} becomes
 * the fragment {@code ("BREAK", -1)}; adjacent fragments of equal weight are merged.
 */
public final class AttentionParser {
  /** The scanner's alternatives, in A1111's order; every character matches one of them. */
  private static final Pattern ATTENTION = Pattern.compile(
      "\\\\\\(|\\\\\\)|\\\\\\[|\\\\]|\\\\\\\\|\\\\|\\(|\\[|:\\s*([+-]?[.\\d]+)\\s*\\)|\\)|]|[^\\\\()\\[\\]:]+|:",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern BREAK = Pattern.compile("\\s*\\bBREAK\\b\\s*",
      Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);
  private static final double ROUND = 1.1;
  private static final double SQUARE = 1 / 1.1;

  private AttentionParser() {
  }

  /**
   * The prompt's fragments with their weights; an empty prompt is {@code [("", 1.0)]}.
   *
   * @throws IllegalArgumentException when an explicit weight such as {@code (a:1.2.3)} is not a number (A1111
   *     fails on these too)
   */
  public static List<WeightedText> parse(String prompt) {
    List<Fragment> res = new ArrayList<>();
    Deque<Integer> round = new ArrayDeque<>();
    Deque<Integer> square = new ArrayDeque<>();
    Matcher m = ATTENTION.matcher(prompt);
    while (m.find()) {
      String text = m.group();
      String weight = m.group(1);
      if (text.startsWith("\\")) {
        res.add(new Fragment(text.substring(1), 1.0));
      } else if (text.equals("(")) {
        round.push(res.size());
      } else if (text.equals("[")) {
        square.push(res.size());
      } else if (weight != null && !round.isEmpty()) {
        multiply(res, round.pop(), number(weight, text));
      } else if (text.equals(")") && !round.isEmpty()) {
        multiply(res, round.pop(), ROUND);
      } else if (text.equals("]") && !square.isEmpty()) {
        multiply(res, square.pop(), SQUARE);
      } else {
        String[] parts = BREAK.split(text, -1);
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            res.add(new Fragment(WeightedText.BREAK_TEXT, -1));
          }
          res.add(new Fragment(parts[i], 1.0));
        }
      }
    }
    // Python iterates the remaining openers from the oldest; multiplication order matters for the last bit.
    for (var it = round.descendingIterator(); it.hasNext(); ) {
      multiply(res, it.next(), ROUND);
    }
    for (var it = square.descendingIterator(); it.hasNext(); ) {
      multiply(res, it.next(), SQUARE);
    }
    if (res.isEmpty()) {
      return List.of(new WeightedText("", 1.0));
    }
    int i = 0;
    while (i + 1 < res.size()) {
      if (res.get(i).weight == res.get(i + 1).weight) {
        res.get(i).text.append(res.remove(i + 1).text);
      } else {
        i++;
      }
    }
    return res.stream().map(f -> new WeightedText(f.text.toString(), f.weight)).toList();
  }

  private static void multiply(List<Fragment> res, int from, double multiplier) {
    for (int p = from; p < res.size(); p++) {
      res.get(p).weight *= multiplier;
    }
  }

  /** Python's {@code float()} on {@code [+-]?[.\d]+}: any Unicode decimal digit counts. */
  private static double number(String weight, String token) {
    StringBuilder ascii = new StringBuilder(weight.length());
    weight.codePoints().forEach(c -> {
      int digit = Character.digit(c, 10);
      ascii.append(digit >= 0 && c != '+' && c != '-' && c != '.' ? (char) ('0' + digit) : (char) c);
    });
    try {
      return Double.parseDouble(ascii.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("prompt emphasis '" + token + "' has no valid weight: write it as"
          + " (text:1.2), or escape the brackets as \\( \\) for literal text", e);
    }
  }

  /** A fragment under construction: A1111 mutates weights in place and concatenates texts when merging. */
  private static final class Fragment {
    final StringBuilder text;
    double weight;

    Fragment(String text, double weight) {
      this.text = new StringBuilder(text);
      this.weight = weight;
    }
  }
}
