package dev.latentq.worker.jobs;

import static dev.latentq.worker.jobs.StageFixtures.BUCKET;
import static dev.latentq.worker.jobs.StageFixtures.await;
import static dev.latentq.worker.jobs.StageFixtures.failure;
import static dev.latentq.worker.jobs.StageFixtures.textJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.storage.MemoryImageStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimStageTest {
  private final MemoryImageStore store = new MemoryImageStore();
  private final ClaimStage stage = new ClaimStage(store);

  @Test
  void aFreshIdIsClaimed() {
    await(stage.apply(textJob("fresh"), null));
  }

  @Test
  void aRedeliveredJobClaimsTheImagesItWroteItself() {
    ResolvedJob job = textJob("again");
    store.add(BUCKET, job.key(0), new byte[] {1}, Map.of(JobFingerprint.METADATA_KEY, job.fingerprint()));

    await(stage.apply(job, null));
  }

  @Test
  void anIdHoldingAnotherJobsImagesFailsWithIdConflictAndKeepsThem() {
    ResolvedJob job = textJob("taken");
    store.add(BUCKET, job.key(0), new byte[] {1}, Map.of(JobFingerprint.METADATA_KEY, "another job"));

    Throwable failure = failure(stage.apply(job, null));

    assertThat(failure).isInstanceOfSatisfying(JobFailedException.class, e -> {
      assertThat(e.code()).isEqualTo(FailureCode.ID_CONFLICT);
      assertThat(e.getMessage()).contains("'taken'", "s3://images/jobs/taken/0.png", "submit this job under a new id");
    });
    assertThat(store.object(BUCKET, job.key(0)).metadata()).containsEntry(JobFingerprint.METADATA_KEY, "another job");
  }
}
