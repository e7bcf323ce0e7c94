package dev.latentq.worker.jobs;

/** What intake does with a job's record once the pipeline is through with it. */
public enum Disposition {
  /** A terminal event was published and acknowledged: the offset may be committed. */
  FINISHED,
  /** The worker let go of the job (shutdown, partition moved): leave the offset for the next owner. */
  ABANDONED
}
