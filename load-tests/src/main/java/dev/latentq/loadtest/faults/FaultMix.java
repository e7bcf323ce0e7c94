package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.cluster.LocalCluster;
import dev.latentq.loadtest.mix.JobClass;
import dev.latentq.loadtest.mix.JobMix;
import java.util.List;

/**
 * The jobs of fault runs: the simulated SD 1.5 model at its native 512x512 with guidance 7.5, mostly single images
 * at 20 steps, some 10-step drafts and some two-image jobs (two objects per job to check in S3).
 */
public final class FaultMix {

  private FaultMix() {
  }

  /** {@code standard} 60%, {@code draft} 20%, {@code pair} 20%. */
  public static JobMix simulated() {
    return new JobMix(List.of(
        sim("standard", 60).steps(20).build(),
        sim("draft", 20).steps(10).build(),
        sim("pair", 20).steps(20).numImages(2).build()));
  }

  private static JobClass.Builder sim(String name, double weight) {
    return JobClass.builder(name).weight(weight).model(LocalCluster.SIMULATED_MODEL).size(512, 512).guidance(7.5);
  }
}
