package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Step-level batching: requests with different schedulers, step counts and guidance that join and leave one
 * {@link DenoiseBatch} at different steps come out exactly as if each had run alone.
 *
 * <p>Bit-identical, not merely close: on the CPU, ONNX Runtime computes each row of a batch with the same kernels
 * in the same order whatever else is in the batch, and every sample keeps its own scheduler state and its own
 * job's random stream. A tolerance here would hide cross-talk between rows (a wrong row offset, a stale
 * conditioning row), which is exactly what this test exists to catch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DenoiseBatchTest {
  private static final Path SD15 = Path.of("../fixtures/tiny-sd15");
  private static final Path SDXL = Path.of("../fixtures/tiny-sdxl");

  private DiffusionModel sd15;
  private DiffusionModel sdxl;

  @BeforeAll
  void loadModels() {
    sd15 = DiffusionModel.load(SD15, RuntimeOptions.cpu());
    sdxl = DiffusionModel.load(SDXL, RuntimeOptions.cpu());
  }

  @AfterAll
  void closeModels() throws Exception {
    sd15.close();
    sdxl.close();
  }

  private static GenerationRequest request(String prompt, long seed, int steps, double guidance,
      SchedulerKind scheduler, int images) {
    return GenerationRequest.builder(prompt).seed(seed).steps(steps).guidanceScale(guidance).scheduler(scheduler)
        .size(64, 64).images(images).build();
  }

  @Test
  void requestsJoiningAtDifferentStepsMatchTheirSoloRuns() {
    GenerationRequest ddim = request("a red circle", 11, 6, 7.5, SchedulerKind.DDIM, 1);
    GenerationRequest ancestral = request("a blue square", 12, 9, 5.0, SchedulerKind.EULER_ANCESTRAL, 2).toBuilder()
        .negativePrompt("ugly").build();
    GenerationRequest turbo = request("a lighthouse", 13, 2, 0.0, SchedulerKind.EULER, 1);
    Map<GenerationRequest, List<DecodedImage>> together = new LinkedHashMap<>();
    List<Sample> finished = new ArrayList<>();

    try (DenoiseBatch batch = sd15.newBatch(16)) {
      sd15.prepare(ddim, ddim).forEach(batch::add);
      finished.addAll(stepExpectingOneCall(batch).finished());
      finished.addAll(stepExpectingOneCall(batch).finished());
      sd15.prepare(ancestral, ancestral).forEach(batch::add);
      finished.addAll(stepExpectingOneCall(batch).finished());
      sd15.prepare(turbo, turbo).forEach(batch::add);
      assertThat(batch.rows()).as("ddim 2 rows + 2 guided ancestral images 4 rows + unguided 1 row").isEqualTo(7);
      while (!batch.isEmpty()) {
        finished.addAll(stepExpectingOneCall(batch).finished());
      }
    }
    for (DecodedImage image : sd15.decode(finished)) {
      together.computeIfAbsent((GenerationRequest) image.owner(), k -> new ArrayList<>()).add(image);
    }

    for (GenerationRequest request : List.of(ddim, ancestral, turbo)) {
      List<DecodedImage> alone = new OneShotGenerator(sd15, 16).generate(request);
      List<DecodedImage> batched = together.get(request);
      assertThat(batched).as("%s images", request.scheduler()).hasSize(request.numImages());
      batched.sort((a, b) -> Integer.compare(a.index(), b.index()));
      for (int k = 0; k < alone.size(); k++) {
        assertThat(batched.get(k).image()).as("%s image %d batched vs alone", request.scheduler(), k)
            .isEqualTo(alone.get(k).image());
      }
    }
  }

  private static DenoiseBatch.StepResult stepExpectingOneCall(DenoiseBatch batch) {
    int rows = batch.rows();
    DenoiseBatch.StepResult result = batch.step();
    assertThat(result.unetCalls()).as("a [batch] timestep lets every sample share one call").isEqualTo(1);
    assertThat(result.rows()).isEqualTo(rows);
    return result;
  }

  @Test
  void finishedSamplesLeaveTheBatchAtTheirLastStep() {
    GenerationRequest short2 = request("a fox", 1, 2, 0.0, SchedulerKind.EULER, 1);
    GenerationRequest long4 = request("a fox", 1, 4, 0.0, SchedulerKind.EULER, 1);
    try (DenoiseBatch batch = sd15.newBatch(16)) {
      sd15.prepare(short2, short2).forEach(batch::add);
      sd15.prepare(long4, long4).forEach(batch::add);

      assertThat(batch.step().finished()).isEmpty();
      List<Sample> second = batch.step().finished();

      assertThat(second).singleElement().extracting(Sample::owner).isSameAs(short2);
      assertThat(second.get(0).done()).isTrue();
      assertThat(batch.samples()).singleElement().extracting(Sample::owner).isSameAs(long4);
    }
  }

  @Test
  void removingASampleMidwayLeavesTheOthersUndisturbed() {
    GenerationRequest staying = request("a red circle", 21, 6, 7.5, SchedulerKind.DPMPP_2M, 1);
    GenerationRequest leaving = request("a green triangle", 22, 6, 4.0, SchedulerKind.DDIM, 1);
    List<Sample> finished = new ArrayList<>();
    List<Sample> canceled = sd15.prepare(leaving, leaving);

    try (DenoiseBatch batch = sd15.newBatch(16)) {
      sd15.prepare(staying, staying).forEach(batch::add);
      canceled.forEach(batch::add);
      for (int i = 0; i < 3; i++) {
        assertThat(batch.step().finished()).isEmpty();
      }

      assertThat(batch.remove(canceled.get(0))).isTrue();
      assertThat(batch.remove(canceled.get(0))).as("already gone").isFalse();
      assertThat(batch.samples()).extracting(Sample::owner).containsExactly(staying);
      assertThat(batch.rows()).isEqualTo(2);
      while (!batch.isEmpty()) {
        finished.addAll(batch.step().finished());
      }
    }

    assertThat(canceled.get(0).step()).as("the removed sample stopped where it left").isEqualTo(3);
    assertThat(sd15.decode(finished).get(0).image())
        .isEqualTo(new OneShotGenerator(sd15, 16).generate(staying).get(0).image());
  }

  @Test
  void callsSplitAtTheRowLimitWithoutChangingTheImages() {
    GenerationRequest pair = request("a yellow square", 31, 3, 6.0, SchedulerKind.EULER, 2);
    List<Sample> finished = new ArrayList<>();

    try (DenoiseBatch batch = sd15.newBatch(3)) {
      sd15.prepare(pair, pair).forEach(batch::add);
      while (!batch.isEmpty()) {
        DenoiseBatch.StepResult result = batch.step();
        assertThat(result.unetCalls()).as("two guided samples (4 rows) over a 3-row limit").isEqualTo(2);
        assertThat(result.rows()).isEqualTo(4);
        finished.addAll(result.finished());
      }
    }

    List<DecodedImage> alone = new OneShotGenerator(sd15, 16).generate(pair);
    List<DecodedImage> split = sd15.decode(finished);
    for (int k = 0; k < 2; k++) {
      assertThat(split.get(k).image()).as("image %d", k).isEqualTo(alone.get(k).image());
    }
  }

  @Test
  void scalarTimestepUnetNeedsOneCallPerDistinctTimestep() {
    assertThat(sdxl.scalarTimestep()).isTrue();
    GenerationRequest first = request("a red circle", 41, 4, 5.0, SchedulerKind.EULER, 1);
    GenerationRequest sameSchedule = request("a blue square", 42, 4, 5.0, SchedulerKind.EULER, 1);
    GenerationRequest late = request("a green triangle", 43, 4, 5.0, SchedulerKind.EULER, 1);
    List<Sample> finished = new ArrayList<>();
    List<Integer> calls = new ArrayList<>();

    try (DenoiseBatch batch = sdxl.newBatch(16)) {
      sdxl.prepare(first, first).forEach(batch::add);
      sdxl.prepare(sameSchedule, sameSchedule).forEach(batch::add);
      DenoiseBatch.StepResult step0 = batch.step();
      calls.add(step0.unetCalls());
      sdxl.prepare(late, late).forEach(batch::add);
      while (!batch.isEmpty()) {
        DenoiseBatch.StepResult result = batch.step();
        calls.add(result.unetCalls());
        finished.addAll(result.finished());
      }
    }

    // Steps 0-3 of the first two share timesteps; the late one is one step behind until it runs alone.
    assertThat(calls).containsExactly(1, 2, 2, 2, 1);
    Map<Object, DecodedImage> byOwner = new LinkedHashMap<>();
    sdxl.decode(finished).forEach(image -> byOwner.put(image.owner(), image));
    for (GenerationRequest request : List.of(first, sameSchedule, late)) {
      assertThat(byOwner.get(request).image()).as(request.prompt())
          .isEqualTo(new OneShotGenerator(sdxl, 16).generate(request).get(0).image());
    }
  }

  @Test
  void promptsOfDifferentChunkCountsRunInSeparateCallsAndMatchTheirSoloRuns() {
    String longPrompt = "a majestic castle on a rocky hill, golden hour light, dramatic clouds, highly detailed,"
        + " intricate stone walls, a winding river in the valley, pine forest, soft mist, oil painting, by a"
        + " renaissance master, warm colors, a flock of birds, tall banners waving in the wind, wooden bridge,"
        + " cobblestone road, small village with red roofs, smoke from chimneys, snowy mountains in the distance";
    GenerationRequest plain = request("a red circle", 51, 6, 7.5, SchedulerKind.DDIM, 1);
    GenerationRequest twoChunks = request(longPrompt, 52, 6, 7.5, SchedulerKind.EULER_ANCESTRAL, 1).toBuilder()
        .promptSyntax(PromptSyntax.A1111).build();
    GenerationRequest threeChunks = request("a castle BREAK a (dragon:1.3) BREAK [night]", 53, 5, 6.0,
        SchedulerKind.DPMPP_2M, 1).toBuilder().negativePrompt("blurry").promptSyntax(PromptSyntax.A1111).build();
    GenerationRequest plainUnguided = request("a blue square", 54, 4, 0.0, SchedulerKind.EULER, 1);
    assertThat(List.of(plain, twoChunks, threeChunks, plainUnguided)).extracting(sd15::promptChunks)
        .containsExactly(1, 2, 3, 1);
    List<Sample> finished = new ArrayList<>();
    List<Integer> calls = new ArrayList<>();

    try (DenoiseBatch batch = sd15.newBatch(16)) {
      sd15.prepare(plain, plain).forEach(batch::add);
      sd15.prepare(twoChunks, twoChunks).forEach(batch::add);
      calls.add(batch.step().unetCalls());
      sd15.prepare(threeChunks, threeChunks).forEach(batch::add);
      sd15.prepare(plainUnguided, plainUnguided).forEach(batch::add);
      while (!batch.isEmpty()) {
        DenoiseBatch.StepResult result = batch.step();
        calls.add(result.unetCalls());
        finished.addAll(result.finished());
      }
    }

    // One call per conditioning length: 77 (both plain jobs share it), 154 and 231 tokens; all three lengths run
    // to the last step (the plain DDIM job, the 2-chunk and the 3-chunk job end together).
    assertThat(calls).containsExactly(2, 3, 3, 3, 3, 3);
    Map<Object, DecodedImage> byOwner = new LinkedHashMap<>();
    sd15.decode(finished).forEach(image -> byOwner.put(image.owner(), image));
    for (GenerationRequest request : List.of(plain, twoChunks, threeChunks, plainUnguided)) {
      assertThat(byOwner.get(request).image()).as(request.prompt())
          .isEqualTo(new OneShotGenerator(sd15, 16).generate(request).get(0).image());
    }
  }
}
