package dev.latentq.worker.storage;

import dev.latentq.engine.image.PngEncoder;
import java.util.ArrayDeque;

/**
 * Idle {@link PngEncoder}s, lent out one task at a time so that no encoder is used by two threads at once and each
 * keeps its warm buffers. Creates encoders on demand and keeps at most {@code maxIdle}. Thread-safe.
 */
final class EncoderPool implements AutoCloseable {

  private final ArrayDeque<PngEncoder> idle = new ArrayDeque<>();
  private final int maxIdle;
  private int created;
  private boolean closed;

  EncoderPool(int maxIdle) {
    if (maxIdle < 1) {
      throw new IllegalArgumentException("An encoder pool keeps at least 1 encoder, got " + maxIdle);
    }
    this.maxIdle = maxIdle;
  }

  /** An encoder for the caller's exclusive use until {@link #giveBack}. */
  synchronized PngEncoder borrow() {
    if (closed) {
      throw new IllegalStateException("The PNG writer is closed: encode before closing it");
    }
    PngEncoder encoder = idle.pollFirst();
    if (encoder == null) {
      encoder = new PngEncoder();
      created++;
    }
    return encoder;
  }

  /** Returns an encoder; closes it when the pool is closed or already holds enough idle ones. */
  void giveBack(PngEncoder encoder) {
    synchronized (this) {
      if (!closed && idle.size() < maxIdle) {
        idle.addFirst(encoder);
        return;
      }
    }
    encoder.close();
  }

  synchronized int createdCount() {
    return created;
  }

  /** Closes the idle encoders now and lent ones when they come back. */
  @Override
  public void close() {
    PngEncoder[] toClose;
    synchronized (this) {
      closed = true;
      toClose = idle.toArray(PngEncoder[]::new);
      idle.clear();
    }
    for (PngEncoder encoder : toClose) {
      encoder.close();
    }
  }
}
