package dev.latentq.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Behaviour of the tokenizer facade; expected ids come from transformers 5.18 CLIPTokenizer on the same files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipTokenizerTest {

  private static final int START = 49406;
  private static final int END = 49407;
  private static final int BANG = 0;
  private static final int WORD = 2653;

  private ClipTokenizer padWithEnd;
  private ClipTokenizer padWithBang;

  @BeforeAll
  void loadTokenizers() {
    padWithEnd = ClipTokenizer.load(Path.of("../fixtures/tiny-sd15/tokenizer"));
    padWithBang = ClipTokenizer.load(Path.of("../fixtures/tiny-sdxl/tokenizer_2"));
  }

  @Test
  void readsSpecialIdsPadAndLengthFromTheFolder() {
    assertThat(padWithEnd.startId()).isEqualTo(START);
    assertThat(padWithEnd.endId()).isEqualTo(END);
    assertThat(padWithEnd.padId()).isEqualTo(END);
    assertThat(padWithBang.padId()).isEqualTo(BANG);
    assertThat(padWithEnd.maxLength()).isEqualTo(77);
  }

  @Test
  void splitsNumbersIntoOneTokenPerDigit() {
    assertThat(padWithEnd.contentIds("2024")).containsExactly(273, 271, 273, 275);
    assertThat(padWithEnd.contentIds("12")).containsExactly(272, 273);
  }

  @Test
  void collapsesAndTrimsAnyUnicodeWhitespace() {
    int[] plain = padWithEnd.contentIds("a cat");

    assertThat(plain).containsExactly(320, 2368);
    assertThat(padWithEnd.contentIds("  a \t\n cat  ")).containsExactly(plain);
    assertThat(padWithEnd.contentIds("a\u00a0cat")).containsExactly(plain);
    assertThat(padWithEnd.contentIds("a\u3000cat")).containsExactly(plain);
  }

  @Test
  void treatsControlCharactersThatJavaCallsWhitespaceAsSymbols() {
    assertThat(padWithEnd.contentIds("a\u001cb")).containsExactly(320, 472, 321);
  }

  @Test
  void lowerCasesIncludingContractions() {
    assertThat(padWithEnd.contentIds("THEY'RE")).containsExactly(padWithEnd.contentIds("they're"));
    assertThat(padWithEnd.contentIds("they're")).containsExactly(889, 982);
  }

  @Test
  void composesDecomposedAccentsBeforeEncoding() {
    assertThat(padWithEnd.contentIds("e\u0301")).containsExactly(4166);
    assertThat(padWithEnd.contentIds("\u00e9")).containsExactly(4166);
  }

  @Test
  void keepsSpecialTokensInsideTextAsSingleIds() {
    assertThat(padWithEnd.contentIds("hello<|endoftext|>world")).containsExactly(3306, END, 1002);
    assertThat(padWithEnd.contentIds("<|startoftext|>a")).containsExactly(START, 320);
  }

  @Test
  void encodesUpperCaseSpecialTokenLiteralsAsPlainText() {
    assertThat(padWithEnd.contentIds("<|ENDOFTEXT|>")).containsExactly(27, 347, 40786, 4160, 91, 285);
  }

  @Test
  void splitsOnTheBangPadTokenInsteadOfMergingIt() {
    assertThat(padWithEnd.contentIds("x!!y")).containsExactly(343, 748, 344);
    assertThat(padWithBang.contentIds("x!!y")).containsExactly(343, BANG, BANG, 344);
  }

  @Test
  void framesShortPromptsAndPadsToMaxLength() {
    TokenizedPrompt prompt = padWithBang.encode("a cat");

    assertThat(prompt.truncated()).isFalse();
    assertThat(prompt.ids()).hasSize(77).startsWith(START, 320, 2368, END);
    assertThat(IntStream.of(prompt.ids()).skip(4)).containsOnly(BANG);
  }

  @Test
  void truncationKeepsTheEndTokenAtTheLastPosition() {
    TokenizedPrompt prompt = padWithEnd.encode("word ".repeat(90));

    assertThat(prompt.truncated()).isTrue();
    assertThat(prompt.ids()).hasSize(77);
    assertThat(prompt.ids()[0]).isEqualTo(START);
    assertThat(IntStream.of(prompt.ids()).skip(1).limit(75)).containsOnly(WORD);
    assertThat(prompt.ids()[76]).isEqualTo(END);
  }

  @Test
  void exactlyFullPromptIsNotTruncated() {
    TokenizedPrompt prompt = padWithEnd.encode("word ".repeat(75));

    assertThat(prompt.truncated()).isFalse();
    assertThat(prompt.ids()[75]).isEqualTo(WORD);
    assertThat(prompt.ids()[76]).isEqualTo(END);
  }

  @Test
  void contentIdsAreNeitherFramedNorTruncated() {
    assertThat(padWithEnd.contentIds("word ".repeat(90))).hasSize(90).containsOnly(WORD);
    assertThat(padWithEnd.contentIds("")).isEmpty();
  }

  @Test
  void concurrentEncodingGivesTheSameIdsAsSequential() throws Exception {
    List<String> prompts = IntStream.range(0, 200)
        .mapToObj(i -> "prompt " + i + " of a château at dusk, 日本語 " + "xyz".repeat(i % 7)).toList();
    List<TokenizedPrompt> sequential = prompts.stream().map(padWithBang::encode).toList();
    ClipTokenizer fresh = ClipTokenizer.load(Path.of("../fixtures/tiny-sdxl/tokenizer_2"));

    List<TokenizedPrompt> concurrent;
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<TokenizedPrompt>> futures = prompts.stream().map(p -> pool.submit(() -> fresh.encode(p))).toList();
      concurrent = futures.stream().map(ClipTokenizerTest::join).toList();
    }

    assertThat(concurrent).isEqualTo(sequential);
  }

  private static TokenizedPrompt join(Future<TokenizedPrompt> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError("encoding failed on a worker thread", e);
    }
  }
}
