package dev.latentq.engine.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * CLIP's BPE tokenizer as Stable Diffusion pipelines use it, id-for-id with Hugging Face's {@code CLIPTokenizer}
 * (transformers 5, built from {@code vocab.json} + {@code merges.txt}).
 *
 * <p>A prompt is first cut at special tokens ({@code <|startoftext|>}, {@code <|endoftext|>} and the pad token —
 * {@code !} for SD 2.x, so there "!!!" is three pad ids), each becoming its own id; the text between them is
 * normalised, split into words and byte-level BPE encoded.
 *
 * <p>Thread-safe: immutable apart from a concurrent word cache; one instance per model serves all requests.
 *
 * <p>Known differences, both irrelevant for real prompts: when tokenizer_config.json marks a special token
 * {@code "normalized": true}, the reference also recognises it after lower-casing (e.g. "&lt;|STARTOFTEXT|&gt;"),
 * here special tokens match exactly only; and letters newer than the JVM's Unicode version are not lower-cased.
 */
public final class ClipTokenizer {

  static final String START_TOKEN = "<|startoftext|>";
  static final String END_TOKEN = "<|endoftext|>";
  private static final int WORD_CACHE_CAPACITY = 10_000;

  private final SpecialTokenSplitter splitter;
  private final TextNormalizer normalizer;
  private final ClipPreTokenizer preTokenizer;
  private final BpeModel bpe;
  private final SpecialIds specialIds;
  private final int maxLength;

  /** Ids of the tokens framing and padding every prompt. */
  record SpecialIds(int start, int end, int pad) {
  }

  /** The parts a tokenizer is made of; see {@link #load(Path)} for the usual way to get them. */
  record Parts(SpecialTokenSplitter splitter, TextNormalizer normalizer, ClipPreTokenizer preTokenizer,
               BpeModel bpe, SpecialIds specialIds, int maxLength) {
  }

  ClipTokenizer(Parts parts) {
    this.splitter = parts.splitter();
    this.normalizer = parts.normalizer();
    this.preTokenizer = parts.preTokenizer();
    this.bpe = parts.bpe();
    this.specialIds = parts.specialIds();
    this.maxLength = parts.maxLength();
  }

  /**
   * Loads the tokenizer of a diffusers model folder ({@code tokenizer/} or {@code tokenizer_2/}): vocab.json and
   * merges.txt are required; special_tokens_map.json and tokenizer_config.json supply the pad token and length.
   *
   * @throws TokenizerLoadException naming the offending file and the fix
   */
  public static ClipTokenizer load(Path tokenizerDir) {
    if (!Files.isDirectory(tokenizerDir)) {
      throw new TokenizerLoadException("tokenizer folder " + tokenizerDir + " does not exist: point to the model's "
          + "tokenizer folder (diffusers layout, with vocab.json and merges.txt)");
    }
    ObjectMapper json = new ObjectMapper();
    Vocabulary vocabulary = Vocabulary.read(tokenizerDir.resolve(TokenizerFiles.VOCAB), json);
    TokenizerConfig config = TokenizerConfig.read(tokenizerDir, json);
    SpecialIds specialIds = new SpecialIds(vocabulary.require(START_TOKEN, "the start token"),
        vocabulary.require(END_TOKEN, "the end token"),
        vocabulary.require(config.padToken(), "the pad token"));
    MergeTable merges = MergeTable.read(tokenizerDir.resolve(TokenizerFiles.MERGES), vocabulary);
    Map<String, Integer> specialTokens = new LinkedHashMap<>();
    specialTokens.put(START_TOKEN, specialIds.start());
    specialTokens.put(END_TOKEN, specialIds.end());
    specialTokens.put(config.padToken(), specialIds.pad());
    return new ClipTokenizer(new Parts(new SpecialTokenSplitter(specialTokens), new TextNormalizer(),
        new ClipPreTokenizer(), BpeModel.create(vocabulary, merges, WORD_CACHE_CAPACITY), specialIds,
        config.maxLength()));
  }

  /**
   * The text encoder's input: start id, at most {@code maxLength() - 2} content ids (the rest is cut, the end id
   * always stays), end id, then pad ids up to {@code maxLength()}.
   */
  public TokenizedPrompt encode(String text) {
    int[] content = contentIds(text);
    int room = maxLength - 2;
    int kept = Math.min(content.length, room);
    int[] ids = new int[maxLength];
    Arrays.fill(ids, specialIds.pad());
    ids[0] = specialIds.start();
    System.arraycopy(content, 0, ids, 1, kept);
    ids[kept + 1] = specialIds.end();
    return new TokenizedPrompt(ids, content.length > room);
  }

  /** The prompt's ids without start, end or padding, and without truncation. */
  public int[] contentIds(String text) {
    Objects.requireNonNull(text, "text");
    IntArrayBuilder ids = new IntArrayBuilder(maxLength);
    for (SpecialTokenSplitter.Piece piece : splitter.split(text)) {
      switch (piece) {
        case SpecialTokenSplitter.Special special -> ids.add(special.id());
        case SpecialTokenSplitter.Text plain -> {
          for (String word : preTokenizer.words(normalizer.normalize(plain.text()))) {
            ids.addAll(bpe.encodeWord(word));
          }
        }
      }
    }
    return ids.toArray();
  }

  /** The id that fills a prompt after its end token: 49407 for SD 1.x, 0 ("!") for SD 2.x and SDXL's second. */
  public int padId() {
    return specialIds.pad();
  }

  /** Ids per encoded prompt (77 for CLIP), start and end tokens included. */
  public int maxLength() {
    return maxLength;
  }

  /** The id that opens every prompt ({@code <|startoftext|>}, 49406 in CLIP's vocabulary). */
  public int startId() {
    return specialIds.start();
  }

  /** The id that closes every prompt ({@code <|endoftext|>}, 49407 in CLIP's vocabulary). */
  public int endId() {
    return specialIds.end();
  }
}
