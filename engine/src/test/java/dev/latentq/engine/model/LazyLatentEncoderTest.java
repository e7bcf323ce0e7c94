package dev.latentq.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyLatentEncoderTest {

  /** Returns its call count as the single latent value, so that a test sees which instance answered. */
  private static final class CountingEncoder implements LatentEncoder {
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean closed;

    @Override
    public EncodedLatents encode(float[] pixels, int count, int height, int width) {
      return new EncodedLatents(new float[] {calls.incrementAndGet()}, count, 1, 1, 1, false);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void opensNothingUntilTheFirstEncode() throws Exception {
    AtomicInteger opens = new AtomicInteger();
    try (LazyLatentEncoder lazy = new LazyLatentEncoder(() -> {
      opens.incrementAndGet();
      return new CountingEncoder();
    })) {
      assertThat(lazy.isOpen()).isFalse();
      assertThat(opens).hasValue(0);

      lazy.encode(new float[3], 1, 1, 1);
      lazy.encode(new float[3], 1, 1, 1);

      assertThat(lazy.isOpen()).isTrue();
      assertThat(opens).hasValue(1);
    }
  }

  @Test
  void concurrentFirstCallsShareOneEncoder() throws Exception {
    AtomicInteger opens = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (LazyLatentEncoder lazy = new LazyLatentEncoder(() -> {
      opens.incrementAndGet();
      return new CountingEncoder();
    })) {
      List<Future<Float>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return lazy.encode(new float[3], 1, 1, 1).values()[0];
        }));
      }
      start.countDown();
      List<Float> values = new ArrayList<>();
      for (Future<Float> f : results) {
        values.add(f.get());
      }

      assertThat(opens).hasValue(1);
      assertThat(values).containsExactlyInAnyOrder(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedOpenFailsThatCallAndIsRetriedByTheNext() throws Exception {
    AtomicInteger opens = new AtomicInteger();
    try (LazyLatentEncoder lazy = new LazyLatentEncoder(() -> {
      if (opens.incrementAndGet() == 1) {
        throw new ModelLoadException("vae_encoder/model.onnx is truncated");
      }
      return new CountingEncoder();
    })) {
      assertThatThrownBy(() -> lazy.encode(new float[3], 1, 1, 1)).isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("truncated");
      assertThat(lazy.isOpen()).isFalse();

      assertThat(lazy.encode(new float[3], 1, 1, 1).values()).containsExactly(1f);
      assertThat(opens).hasValue(2);
    }
  }

  @Test
  void closeClosesTheOpenedEncoderAndRefusesLaterCalls() throws Exception {
    CountingEncoder inner = new CountingEncoder();
    LazyLatentEncoder lazy = new LazyLatentEncoder(() -> inner);
    lazy.encode(new float[3], 1, 1, 1);

    lazy.close();

    assertThat(inner.closed).isTrue();
    assertThatThrownBy(() -> lazy.encode(new float[3], 1, 1, 1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closingAnUnopenedEncoderOpensNothing() throws Exception {
    AtomicInteger opens = new AtomicInteger();
    LazyLatentEncoder lazy = new LazyLatentEncoder(() -> {
      opens.incrementAndGet();
      return new CountingEncoder();
    });

    lazy.close();

    assertThat(opens).hasValue(0);
  }
}
