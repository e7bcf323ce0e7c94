package dev.latentq.loadtest.mix;

import dev.latentq.protocol.job.SchedulerName;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A weighted set of {@link JobClass}es; {@link #sample(Random)} draws a class with probability weight / total weight.
 * Immutable and thread-safe (the caller's {@link Random} is not).
 *
 * @param classes the classes, in report order
 */
public record JobMix(List<JobClass> classes) {

  public JobMix {
    classes = List.copyOf(classes);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("the job mix is empty: define at least one class");
    }
    Set<String> names = new HashSet<>();
    for (JobClass jobClass : classes) {
      if (!names.add(jobClass.name())) {
        throw new IllegalArgumentException("job class '" + jobClass.name() + "' is defined twice: give each class "
            + "its own name");
      }
    }
  }

  /**
   * The default mix for {@code shapes-sd} at 128x128: 70% interactive single images at priority 10, 20% batches of 4
   * images, 10% quick 8-step drafts with DPM-Solver++ at priority 5.
   */
  public static JobMix defaultShapes() {
    return new JobMix(List.of(
        JobClass.builder("interactive").weight(70).priority(10).build(),
        JobClass.builder("batch4").weight(20).numImages(4).build(),
        JobClass.builder("draft").weight(10).steps(8).priority(5).scheduler(SchedulerName.DPMPP_2M).build()));
  }

  /** Sum of the weights. */
  public double totalWeight() {
    return classes.stream().mapToDouble(JobClass::weight).sum();
  }

  /** A class drawn with probability proportional to its weight. */
  public JobClass sample(Random random) {
    double point = random.nextDouble() * totalWeight();
    for (JobClass jobClass : classes) {
      point -= jobClass.weight();
      if (point < 0) {
        return jobClass;
      }
    }
    // Rounding can leave the point at the very end of the range; it belongs to the last class.
    return classes.getLast();
  }
}
