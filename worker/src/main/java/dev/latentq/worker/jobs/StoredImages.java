package dev.latentq.worker.jobs;

import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.protocol.event.GeneratedImage;
import java.util.List;

/**
 * A job's images once uploaded: what its {@code succeeded} event reports.
 *
 * @param request the request the engine ran (with its init image, if any)
 * @param images where each image is, in index order
 */
record StoredImages(GenerationRequest request, List<GeneratedImage> images, JobTimes times) {
  StoredImages {
    images = List.copyOf(images);
  }
}
