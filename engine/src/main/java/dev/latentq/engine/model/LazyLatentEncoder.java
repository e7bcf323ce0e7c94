package dev.latentq.engine.model;

import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A {@link LatentEncoder} opened on the first {@link #encode} call: the VAE encoder only serves img2img and
 * inpainting, so text-to-image never pays its load time or memory. Thread-safe: concurrent first calls open it
 * once. A failed open is not cached: the next call tries again (the file may have been fixed), and each failure
 * reaches only the request that triggered it. What opening it adds to resident memory is reported, so that a model
 * pool's budget sees it.
 */
public final class LazyLatentEncoder implements LatentEncoder {
  private final Supplier<? extends LatentEncoder> opener;
  private final ResidentMemory memory;
  private final long minimumBytes;
  private LongConsumer added = bytes -> { };
  private LatentEncoder opened;
  private long openedBytes;
  private boolean closed;

  /** An encoder whose opening is not measured (reports 0 bytes). */
  public LazyLatentEncoder(Supplier<? extends LatentEncoder> opener) {
    this(opener, ResidentMemory.unavailable(), 0);
  }

  /**
   * @param memory read before and after opening to learn what it added
   * @param minimumBytes what opening holds at least (its weight files), when the reading says less or nothing
   */
  public LazyLatentEncoder(Supplier<? extends LatentEncoder> opener, ResidentMemory memory, long minimumBytes) {
    this.opener = opener;
    this.memory = memory;
    this.minimumBytes = minimumBytes;
  }

  /**
   * Tells {@code added} of the bytes opening adds (and, negated, what closing frees), from whichever thread opens or
   * closes the encoder; it must not block.
   */
  public synchronized void whenOpened(LongConsumer added) {
    this.added = added;
  }

  @Override
  public EncodedLatents encode(float[] pixels, int count, int height, int width) {
    return delegate().encode(pixels, count, height, width);
  }

  /** Whether the encoder has been opened (by an img2img or inpainting request). */
  public synchronized boolean isOpen() {
    return opened != null;
  }

  private synchronized LatentEncoder delegate() {
    if (closed) {
      throw new IllegalStateException("the model is closed: its VAE encoder cannot be opened any more");
    }
    if (opened == null) {
      var before = memory.residentBytes();
      opened = opener.get();
      var after = memory.residentBytes();
      openedBytes = Math.max(minimumBytes, before.isPresent() && after.isPresent()
          ? after.getAsLong() - before.getAsLong() : 0);
      added.accept(openedBytes);
    }
    return opened;
  }

  @Override
  public synchronized void close() throws Exception {
    closed = true;
    if (opened != null) {
      opened.close();
      opened = null;
      added.accept(-openedBytes);
    }
  }
}
