package dev.latentq.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final S3Target TARGET = new S3Target("put", "images", "jobs/1.png");
  private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(5), 2.0, Duration.ofMillis(20),
      Duration.ofSeconds(10));

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Throwable {
    Futures.await(vertx.close());
  }

  @Test
  void nominalDelayStartsAt200MsDoublesAndCapsAt5Seconds() {
    RetryPolicy policy = RetryPolicy.withBudget(Duration.ofMinutes(2));

    assertThat(policy.nominalDelay(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.nominalDelay(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.nominalDelay(5)).isEqualTo(Duration.ofMillis(3200));
    assertThat(policy.nominalDelay(6)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.nominalDelay(60)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void jitterKeepsTheDelayBetweenHalfAndAllOfTheNominalDelay() {
    RetryPolicy policy = RetryPolicy.withBudget(Duration.ofMinutes(2));

    assertThat(policy.jitteredDelayMillis(3, 0.0)).isEqualTo(400);
    assertThat(policy.jitteredDelayMillis(3, 0.5)).isEqualTo(600);
    assertThat(policy.jitteredDelayMillis(3, 0.999)).isEqualTo(799);
  }

  @Test
  void retriesTransientFailuresUntilTheCallSucceeds() throws Throwable {
    AtomicInteger attempts = new AtomicInteger();

    String result = Futures.await(FAST.execute(vertx, () -> attempts.incrementAndGet() < 4
        ? Future.failedFuture(transientFailure())
        : Future.succeededFuture("stored")));

    assertThat(result).isEqualTo("stored");
    assertThat(attempts).hasValue(4);
  }

  @Test
  void permanentFailuresEndTheCallAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    StorageException permanent = StorageException.of(TARGET, "AccessDenied", "AccessDenied (Access Denied)",
        false, null);

    Throwable failure = Futures.failure(FAST.execute(vertx, () -> {
      attempts.incrementAndGet();
      return Future.failedFuture(permanent);
    }));

    assertThat(failure).isSameAs(permanent);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void exceptionsOtherThanStorageExceptionsAreNotRetried() {
    AtomicInteger attempts = new AtomicInteger();

    Throwable failure = Futures.failure(FAST.execute(vertx, () -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("bug");
    }));

    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("bug");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void spentBudgetEndsWithATransientFailureSayingHowOftenItTried() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(20), 2.0, Duration.ofMillis(50), Duration.ofMillis(150));
    AtomicInteger attempts = new AtomicInteger();

    Throwable failure = Futures.failure(policy.execute(vertx, () -> {
      attempts.incrementAndGet();
      return Future.failedFuture(transientFailure());
    }));

    assertThat(attempts.get()).isGreaterThan(2);
    assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> {
      assertThat(e.isTransient()).isTrue();
      assertThat(e.bucket()).isEqualTo("images");
      assertThat(e.key()).contains("jobs/1.png");
      assertThat(e.getMessage()).contains("s3://images/jobs/1.png", "SlowDown",
          "gave up after " + attempts.get() + " attempts", "retry budget 150 ms");
    });
  }

  @Test
  void theBudgetIsSpentOnThePolicysClockNotByCountingAttempts() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(1), 1.0, Duration.ofMillis(1), Duration.ofMillis(250));
    AtomicLong nanos = new AtomicLong();
    AtomicInteger attempts = new AtomicInteger();

    Throwable failure = Futures.failure(policy.execute(vertx, () -> {
      attempts.incrementAndGet();
      nanos.addAndGet(Duration.ofMillis(100).toNanos());
      return Future.failedFuture(transientFailure());
    }, () -> 0.0, nanos::get));

    assertThat(attempts).as("failures at 100, 200 and 300 ms of a 250 ms budget").hasValue(3);
    assertThat(failure).hasMessageContaining("gave up after 3 attempts");
  }

  @Test
  void zeroBudgetMakesExactlyOneAttempt() {
    RetryPolicy policy = RetryPolicy.withBudget(Duration.ZERO);
    AtomicInteger attempts = new AtomicInteger();

    Throwable failure = Futures.failure(policy.execute(vertx, () -> {
      attempts.incrementAndGet();
      return Future.failedFuture(transientFailure());
    }));

    assertThat(attempts).hasValue(1);
    assertThat(failure).isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.isTransient()).isTrue());
  }

  @Test
  void rejectsSettingsThatCannotBackOff() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, 2, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessageContaining("initialDelay");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("maxDelay");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(1), 0.5, Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> RetryPolicy.withBudget(Duration.ofSeconds(-1)))
        .hasMessageContaining("Duration.ZERO");
  }

  private static StorageException transientFailure() {
    return StorageException.of(TARGET, "SlowDown", "SlowDown (Please reduce your request rate)", true, null);
  }
}
