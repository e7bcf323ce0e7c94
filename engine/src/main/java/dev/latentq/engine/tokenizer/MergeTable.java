package dev.latentq.engine.tokenizer;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The BPE merge rules of {@code merges.txt}: which adjacent pair of token ids merges into which id, and with what
 * priority (rank = order of the rule in the file, lower merges first). Immutable and thread-safe.
 */
final class MergeTable {

  /** One merge rule: the pair's priority and the id of the merged token. */
  record Merge(int rank, int mergedId) {
  }

  private static final String VERSION_HEADER = "#version";

  private final Map<Long, Merge> mergeByPair;

  private MergeTable(Map<Long, Merge> mergeByPair) {
    this.mergeByPair = mergeByPair;
  }

  static MergeTable read(Path file, Vocabulary vocabulary) {
    TokenizerFiles.requireReadable(file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new TokenizerLoadException(file + " is not UTF-8 text: "
          + "replace it with the merges.txt exported with the model", e);
    } catch (IOException e) {
      throw new TokenizerLoadException(file + " could not be read (" + e.getMessage() + "): check the model folder", e);
    }
    Map<Long, Merge> merges = new HashMap<>(lines.size() * 2);
    int rank = 0;
    for (int lineIndex = 0; lineIndex < lines.size(); lineIndex++) {
      String line = lines.get(lineIndex);
      if (line.isEmpty() || line.startsWith(VERSION_HEADER)) {
        continue;
      }
      String[] parts = line.split(" ", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw badLine(file, lineIndex, "is not two tokens separated by one space");
      }
      int left = vocabulary.idOf(parts[0]);
      int right = vocabulary.idOf(parts[1]);
      int merged = vocabulary.idOf(parts[0] + parts[1]);
      if (left < 0 || right < 0 || merged < 0) {
        throw badLine(file, lineIndex, "names a token missing from " + vocabulary.source().getFileName());
      }
      // A repeated rule keeps its last rank, as the reference tokenizer's map insertion does.
      merges.put(pairKey(left, right), new Merge(rank++, merged));
    }
    return new MergeTable(Map.copyOf(merges));
  }

  private static TokenizerLoadException badLine(Path file, int lineIndex, String problem) {
    return new TokenizerLoadException(file + " line " + (lineIndex + 1) + " " + problem
        + ": vocab.json and merges.txt must come from the same exported tokenizer");
  }

  /** The rule for the adjacent pair (left, right), or null when the pair never merges. */
  Merge find(int left, int right) {
    return mergeByPair.get(pairKey(left, right));
  }

  int size() {
    return mergeByPair.size();
  }

  /**
   * Unique per pair. The multiplication by an odd constant is a bijection that spreads the bits: the plain
   * {@code left << 32 | right} hashes (as a Long) to {@code left ^ right}, which collides so much that building
   * the map took seconds.
   */
  private static long pairKey(int left, int right) {
    return (((long) left << Integer.SIZE) | (right & 0xFFFF_FFFFL)) * 0x9E37_79B9_7F4A_7C15L;
  }
}
