package dev.latentq.worker.jobs;

import dev.latentq.engine.image.PngEncoder;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.ObjectRef;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Jobs, images and waits shared by the stage tests. */
final class StageFixtures {
  static final String MODEL = "sim";
  static final String BUCKET = "images";
  static final String PREFIX = "jobs/";
  static final int SIZE = 64;

  private StageFixtures() {
  }

  /** A text-to-image job of {@link #SIZE} pixels, accepted now. */
  static ResolvedJob textJob(String id) {
    return job(id, null, null);
  }

  /** An img2img job (inpainting when {@code mask} is not null) of {@link #SIZE} pixels, accepted now. */
  static ResolvedJob job(String id, ObjectRef init, ObjectRef mask) {
    Job wire = Job.builder(id, MODEL, "a red circle").size(SIZE, SIZE).steps(2).seed(7L).initImage(init).mask(mask)
        .build();
    GenerationRequest request = GenerationRequest.builder("a red circle").size(SIZE, SIZE).steps(2).seed(7L)
        .build();
    return new ResolvedJob(wire, request, 0.8, init, mask, BUCKET, PREFIX, System.nanoTime());
  }

  /** A PNG file of a black image. */
  static byte[] png(int width, int height) {
    try (PngEncoder encoder = new PngEncoder()) {
      return encoder.encode(RgbImage.black(width, height), Map.of());
    }
  }

  /** Calls a stage on {@code context}, as the pipeline does. */
  static <T> Future<T> onContext(Context context, Supplier<Future<T>> call) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(promise));
    return promise.future();
  }

  /** The future's value; fails the test after a minute (a hang guard, not a timing). */
  static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the stage failed or hung: " + e, e);
    }
  }

  /** The future's failure; fails the test when it succeeds. */
  static Throwable failure(Future<?> future) {
    try {
      Object value = future.await(60, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (Exception e) {
      return e;
    }
  }
}
