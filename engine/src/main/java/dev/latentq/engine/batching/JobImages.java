package dev.latentq.engine.batching;

import dev.latentq.engine.image.RgbImage;
import java.util.List;

/**
 * A finished job's decoded images, in index order, and where its time went on the engine.
 *
 * @param queuedNanos from acceptance until the job joined a batch
 * @param denoiseNanos from joining a batch until its last step
 * @param decodeNanos VAE decoding
 */
public record JobImages(EngineJob job, List<RgbImage> images, long queuedNanos, long denoiseNanos,
    long decodeNanos) {
  public JobImages {
    images = List.copyOf(images);
  }
}
