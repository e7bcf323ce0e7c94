package dev.latentq.worker.jobs;

import dev.latentq.engine.batching.JobImages;
import dev.latentq.engine.pipeline.GenerationParameters;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.worker.storage.ImageStore;
import dev.latentq.worker.storage.PngWriter;
import dev.latentq.worker.storage.StoredObject;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a job's images to PNG (on the PNG writer's threads, with the A1111 {@code parameters} text) and uploads
 * them under the job's keys, tagged with its fingerprint; the store retries transient failures within its budget.
 * Counts the jobs between encoding and the last upload, which intake's flow control holds apart. Its state is
 * touched on the pipeline's context only.
 */
final class StoreStage implements JobStage<JobImages, StoredImages> {
  private final ImageStore store;
  private final PngWriter png;
  private final String version;
  // On the pipeline's context only; volatile so metrics may read it.
  private volatile int storing;
  private Runnable storingChanged = () -> { };

  /** @param version the worker's version, written into each PNG's parameters */
  StoreStage(ImageStore store, PngWriter png, String version) {
    this.store = store;
    this.png = png;
    this.version = version;
  }

  /** Jobs whose images are being encoded or uploaded (including uploads waiting to retry). Any thread. */
  int storing() {
    return storing;
  }

  /** Runs on the pipeline's context whenever {@link #storing()} changes. */
  void onStoringChanged(Runnable action) {
    this.storingChanged = action;
  }

  @Override
  public Future<StoredImages> apply(ResolvedJob job, JobImages images) {
    storing++;
    storingChanged.run();
    return store(job, images).andThen(done -> {
      storing--;
      storingChanged.run();
    });
  }

  private Future<StoredImages> store(ResolvedJob job, JobImages images) {
    GenerationRequest request = images.job().request();
    String fingerprint = job.fingerprint();
    long encodeStarted = System.nanoTime();
    List<Future<byte[]>> encoded = new ArrayList<>();
    for (int i = 0; i < images.images().size(); i++) {
      Map<String, String> text = new LinkedHashMap<>();
      text.put("parameters", GenerationParameters.describe(job.job().model(), request, i, version));
      encoded.add(png.encode(images.images().get(i), text));
    }
    return Future.all(encoded).compose(all -> {
      long encodeNanos = System.nanoTime() - encodeStarted;
      long uploadStarted = System.nanoTime();
      List<Future<StoredObject>> uploads = new ArrayList<>();
      for (int i = 0; i < encoded.size(); i++) {
        uploads.add(store.put(job.bucket(), job.key(i), all.<byte[]>resultAt(i), "image/png", Map.of(
            "job-id", job.job().id(), "model", job.job().model(), "seed", Long.toString(request.seed()),
            "index", Integer.toString(i), JobFingerprint.METADATA_KEY, fingerprint)));
      }
      return Future.all(uploads).map(stored -> {
        long uploadNanos = System.nanoTime() - uploadStarted;
        List<GeneratedImage> generated = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
          StoredObject object = stored.resultAt(i);
          generated.add(new GeneratedImage(i, object.bucket(), object.key(), object.bytes(), object.sha256(),
              request.seed(), request.width(), request.height()));
        }
        JobTimes times = new JobTimes(images.queuedNanos(), images.denoiseNanos(),
            images.decodeNanos() + encodeNanos, uploadNanos, System.nanoTime() - job.acceptedNanos());
        return new StoredImages(request, generated, times);
      });
    });
  }
}
