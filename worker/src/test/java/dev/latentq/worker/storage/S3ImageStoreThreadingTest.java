package dev.latentq.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S3 calls started on an event loop must never block it. A server that accepts connections but never answers
 * makes every SDK call hang for the request timeout, which the blocked-thread checker (armed at 100 ms) would
 * report if that wait happened on an event loop.
 */
class S3ImageStoreThreadingTest {

  private final Queue<BlockedThreadEvent> blockedEventLoops = new ConcurrentLinkedQueue<>();
  private final Queue<String> sdkCallThreads = new ConcurrentLinkedQueue<>();
  private final Queue<Boolean> sdkCallOnEventLoop = new ConcurrentLinkedQueue<>();
  private Vertx vertx;
  private SilentServer silentServer;

  @BeforeEach
  void startVertxWithAStrictBlockedThreadChecker() throws IOException {
    vertx = Vertx.vertx(new VertxOptions()
        .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    // Internal API: the only way to observe the checker's verdicts instead of scraping its log output.
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
      if (event.thread().getName().startsWith("vert.x-eventloop-thread")) {
        blockedEventLoops.add(event);
      }
    });
    silentServer = new SilentServer();
  }

  @AfterEach
  void stop() throws Throwable {
    silentServer.close();
    Futures.await(vertx.close());
  }

  @Test
  void sdkCallsStartedOnAnEventLoopRunOnTheS3PoolWithoutBlockingIt() throws Throwable {
    S3Connection connection = new S3Connection("http://127.0.0.1:" + silentServer.port(), "a", "b", "us-east-1");
    S3StoreOptions slowAnswers = S3StoreOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(700));
    try (S3ImageStore store = new S3ImageStore(vertx, connection, RetryPolicy.withBudget(Duration.ZERO), slowAnswers,
        operation -> {
          sdkCallThreads.add(Thread.currentThread().getName());
          sdkCallOnEventLoop.add(Context.isOnEventLoopThread());
        })) {
      Promise<List<Throwable>> results = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> {
        List<Future<?>> calls = List.of(
            store.put("images", "a.png", new byte[100], "image/png", Map.of()),
            store.get("images", "init.png"),
            store.ensureBucket("images"),
            store.ping("images"));
        Future.join(calls).onComplete(done -> results.complete(calls.stream().map(Future::cause).toList()));
      });

      List<Throwable> failures = Futures.await(results.future());

      assertThat(failures).hasSize(4).allSatisfy(failure -> assertThat(failure)
          .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.isTransient()).isTrue()));
    }
    assertThat(sdkCallThreads).hasSize(4).allSatisfy(name -> assertThat(name).startsWith(S3ImageStore.POOL_NAME));
    assertThat(sdkCallOnEventLoop).containsOnly(false);
    assertThat(blockedEventLoops).isEmpty();
  }

  @Test
  void theCheckerReportsAnEventLoopBlockedLongerThanAllowed() {
    vertx.runOnContext(v -> busyWait(Duration.ofMillis(400)));

    await().atMost(Duration.ofSeconds(5)).until(() -> !blockedEventLoops.isEmpty());
  }

  private static void busyWait(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /** Accepts TCP connections and never sends a byte. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0);
    private final Queue<Socket> accepted = new ConcurrentLinkedQueue<>();

    SilentServer() throws IOException {
      Thread.ofPlatform().daemon().name("silent-s3").start(this::acceptForever);
    }

    int port() {
      return socket.getLocalPort();
    }

    private void acceptForever() {
      try {
        while (!socket.isClosed()) {
          accepted.add(socket.accept());
        }
      } catch (IOException closed) {
        // close() closed the server socket: accepting ends here.
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket connection : accepted) {
        connection.close();
      }
    }
  }
}
