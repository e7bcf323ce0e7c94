package dev.latentq.worker.storage;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for Vert.x futures from a test thread, rethrowing a failure as is. */
final class Futures {

  private static final long TIMEOUT_SECONDS = 60;

  private Futures() {
  }

  static <T> T await(Future<T> future) throws Throwable {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("Future did not complete within " + TIMEOUT_SECONDS + " s", e);
    }
  }

  /** The failure of a future expected to fail. */
  static Throwable failure(Future<?> future) {
    try {
      Object value = await(future);
      throw new AssertionError("Expected a failure, got " + value);
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable t) {
      return t;
    }
  }
}
