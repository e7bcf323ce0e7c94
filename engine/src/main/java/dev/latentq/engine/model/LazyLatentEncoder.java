package dev.latentq.engine.model;

import java.util.function.Supplier;

/**
 * A {@link LatentEncoder} opened on the first {@link #encode} call: the VAE encoder only serves img2img and
 * inpainting, so text-to-image never pays its load time or memory. Thread-safe: concurrent first calls open it
 * once. A failed open is not cached: the next call tries again (the file may have been fixed), and each failure
 * reaches only the request that triggered it.
 */
public final class LazyLatentEncoder implements LatentEncoder {
  private final Supplier<? extends LatentEncoder> opener;
  private LatentEncoder opened;
  private boolean closed;

  public LazyLatentEncoder(Supplier<? extends LatentEncoder> opener) {
    this.opener = opener;
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
      opened = opener.get();
    }
    return opened;
  }

  @Override
  public synchronized void close() throws Exception {
    closed = true;
    if (opened != null) {
      opened.close();
      opened = null;
    }
  }
}
