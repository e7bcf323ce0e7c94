package dev.latentq.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Byte-level BPE of one pre-tokenized word: the word's UTF-8 bytes start as one symbol each (the last one carrying
 * the {@code </w>} end-of-word suffix), then the lowest-ranked mergeable adjacent pair is merged, leftmost first,
 * until no rule applies.
 *
 * <p>Thread-safe: the tables are immutable and the word cache is a concurrent map whose arrays are never modified
 * after insertion, so concurrent {@link #encodeWord} calls need no locking.
 */
final class BpeModel {

  static final String END_OF_WORD = "</w>";
  private static final int BYTE_VALUES = 256;
  private static final int REMOVED = -1;
  /** Longer words are rare (pasted junk) and would make the cache's memory unbounded, so they are not kept. */
  private static final int MAX_CACHED_WORD_LENGTH = 256;

  private final int[] idOfByte;
  private final int[] idOfFinalByte;
  private final MergeTable merges;
  private final int cacheCapacity;
  private final ConcurrentMap<String, int[]> cache = new ConcurrentHashMap<>();

  private BpeModel(int[] idOfByte, int[] idOfFinalByte, MergeTable merges, int cacheCapacity) {
    this.idOfByte = idOfByte;
    this.idOfFinalByte = idOfFinalByte;
    this.merges = merges;
    this.cacheCapacity = cacheCapacity;
  }

  /** Fails when the vocabulary lacks a byte symbol: such a vocabulary is not CLIP's byte-level one. */
  static BpeModel create(Vocabulary vocabulary, MergeTable merges, int cacheCapacity) {
    ByteUnicodeTable bytes = ByteUnicodeTable.create();
    int[] idOfByte = new int[BYTE_VALUES];
    int[] idOfFinalByte = new int[BYTE_VALUES];
    for (int b = 0; b < BYTE_VALUES; b++) {
      String symbol = String.valueOf(bytes.charOf(b));
      idOfByte[b] = vocabulary.require(symbol, "byte symbol");
      idOfFinalByte[b] = vocabulary.require(symbol + END_OF_WORD, "end-of-word byte symbol");
    }
    return new BpeModel(idOfByte, idOfFinalByte, merges, cacheCapacity);
  }

  /** The ids of one non-empty word. The returned array is shared with the cache: callers must not modify it. */
  int[] encodeWord(String word) {
    int[] cached = cache.get(word);
    if (cached != null) {
      return cached;
    }
    int[] ids = merge(word.getBytes(StandardCharsets.UTF_8));
    // Bounded by refusing new entries once full: prompts reuse a small working set of words, so the first ones seen
    // are as good as any, and nothing has to be evicted under contention.
    if (word.length() <= MAX_CACHED_WORD_LENGTH && cache.size() < cacheCapacity) {
      cache.putIfAbsent(word, ids);
    }
    return ids;
  }

  private int[] merge(byte[] bytes) {
    int count = bytes.length;
    int[] ids = new int[count];
    int[] previous = new int[count];
    int[] next = new int[count];
    for (int i = 0; i < count; i++) {
      int b = bytes[i] & 0xFF;
      ids[i] = i == count - 1 ? idOfFinalByte[b] : idOfByte[b];
      previous[i] = i - 1;
      next[i] = i + 1 < count ? i + 1 : REMOVED;
    }
    // Candidates keyed by (rank, position of the left symbol): the smallest key is the next merge. Positions are the
    // original byte indices, so position order stays left-to-right order after merges.
    PriorityQueue<Long> candidates = new PriorityQueue<>();
    for (int i = 0; i + 1 < count; i++) {
      offer(candidates, ids, next, i);
    }
    while (!candidates.isEmpty()) {
      long candidate = candidates.poll();
      int rank = (int) (candidate >>> Integer.SIZE);
      int left = (int) candidate;
      int right = ids[left] == REMOVED ? REMOVED : next[left];
      if (right == REMOVED) {
        continue;
      }
      MergeTable.Merge rule = merges.find(ids[left], ids[right]);
      if (rule == null || rule.rank() != rank) {
        continue;
      }
      ids[left] = rule.mergedId();
      ids[right] = REMOVED;
      next[left] = next[right];
      if (next[left] != REMOVED) {
        previous[next[left]] = left;
        offer(candidates, ids, next, left);
      }
      if (previous[left] >= 0) {
        offer(candidates, ids, next, previous[left]);
      }
    }
    return Arrays.stream(ids).filter(id -> id != REMOVED).toArray();
  }

  private void offer(PriorityQueue<Long> candidates, int[] ids, int[] next, int left) {
    MergeTable.Merge rule = merges.find(ids[left], ids[next[left]]);
    if (rule != null) {
      candidates.add(((long) rule.rank() << Integer.SIZE) | left);
    }
  }
}
