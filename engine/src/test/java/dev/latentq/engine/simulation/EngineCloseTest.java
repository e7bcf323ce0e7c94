package dev.latentq.engine.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.EngineListener;
import dev.latentq.engine.model.Denoiser;
import dev.latentq.engine.model.UNetBuffers;
import dev.latentq.engine.model.UNetSignature;
import dev.latentq.engine.model.VaeConfig;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.scheduler.SchedulerConfig;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Closing the engine while its thread is inside a U-Net call must not free the model under that call. */
class EngineCloseTest {

  @Test
  void modelsAreClosedOnlyAfterTheRunningCallReturned() throws Exception {
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GatedDenoiser unet = new GatedDenoiser(new SimulatedDenoiser(CostModel.nearlyFree(), SimulatedModel.HIDDEN_WIDTH,
        AcceleratorTime.realTime()),
        inCall, release);
    BatchEngine engine = new BatchEngine(Map.of("gated", model(unet)), 2, EngineListener.NONE, Clock.systemUTC());
    engine.start();
    engine.submit(EngineJob.of("job", "gated", GenerationRequest.builder("p").steps(3).guidanceScale(1.0)
        .scheduler(SchedulerKind.DDIM).size(64, 64).build()));
    assertThat(inCall.await(30, TimeUnit.SECONDS)).as("the engine entered the U-Net").isTrue();

    engine.close(Duration.ofMillis(50));
    assertThat(unet.closed.get()).as("close gave up waiting, but freed nothing under the running call").isFalse();

    release.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!unet.closed.get() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(unet.closed.get()).as("the engine thread closed the model once the call returned").isTrue();
    assertThat(unet.closedDuringCall.get()).isFalse();
    assertThat(engine.isAlive()).isFalse();
  }

  private static DiffusionModel model(Denoiser unet) {
    SimulatedDecoder vae = new SimulatedDecoder(CostModel.nearlyFree(), AcceleratorTime.realTime());
    return new DiffusionModel(new DiffusionModel.Parts("gated", "gated test model", OrtEnvironment.getEnvironment(),
        new SimulatedPromptEncoder(CostModel.nearlyFree(), SimulatedModel.HIDDEN_WIDTH,
            AcceleratorTime.realTime()), unet, vae, vae,
        new VaeConfig(0.18215, 0, null, null), SchedulerConfig.parse("""
            {"_class_name": "DDIMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
             "beta_schedule": "scaled_linear", "steps_offset": 1}""", "test scheduler"), SchedulerKind.DDIM, 8,
        64, 64));
  }

  /** Blocks its first call until released, and records whether it was closed while a call ran. */
  private static final class GatedDenoiser implements Denoiser {
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicBoolean closedDuringCall = new AtomicBoolean();
    private final Denoiser delegate;
    private final CountDownLatch inCall;
    private final CountDownLatch release;
    private volatile boolean running;

    GatedDenoiser(Denoiser delegate, CountDownLatch inCall, CountDownLatch release) {
      this.delegate = delegate;
      this.inCall = inCall;
      this.release = release;
    }

    @Override
    public UNetSignature signature() {
      return delegate.signature();
    }

    @Override
    public void run(UNetBuffers buffers, int rows) {
      running = true;
      try {
        inCall.countDown();
        // A native call does not notice interrupts: keep waiting like one.
        boolean interrupted = false;
        while (true) {
          try {
            release.await();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        delegate.run(buffers, rows);
      } finally {
        running = false;
      }
    }

    @Override
    public void close() {
      closedDuringCall.compareAndSet(false, running);
      closed.set(true);
    }
  }
}
