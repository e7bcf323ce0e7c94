package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.image.InitImageReader;
import dev.latentq.engine.image.MaskImage;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.io.IOException;
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
 * Inpainting beyond the golden images: which models take which requests, request validation, and 4-channel
 * inpainting rows sharing U-Net calls with text-to-image rows without changing either's pixels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InpaintingTest {
  private static final Path SD15 = Path.of("../fixtures/tiny-sd15");
  private static final Path SD15_INPAINT = Path.of("../fixtures/tiny-sd15-inpaint");

  private DiffusionModel sd15;
  private DiffusionModel inpaintModel;
  private RgbImage init;
  private MaskImage mask;

  @BeforeAll
  void load() throws IOException {
    sd15 = DiffusionModel.load(SD15, RuntimeOptions.cpu());
    inpaintModel = DiffusionModel.load(SD15_INPAINT, RuntimeOptions.cpu());
    init = InitImageReader.read(SD15.resolve("inputs/init-a-128x128.png"));
    mask = InitImageReader.readMask(SD15.resolve("inputs/mask-rect-128x128.png"));
  }

  @AfterAll
  void close() throws Exception {
    sd15.close();
    inpaintModel.close();
  }

  private GenerationRequest inpaint(long seed, SchedulerKind scheduler, double strength) {
    return GenerationRequest.builder("a red brick fireplace").seed(seed).steps(6).guidanceScale(7.5)
        .scheduler(scheduler).size(128, 128).initImage(init, strength).mask(mask).build();
  }

  @Test
  void theInpaintingUNetIsRecognisedFromItsInputShape() {
    assertThat(inpaintModel.inpaintingUNet()).isTrue();
    assertThat(sd15.inpaintingUNet()).isFalse();
    assertThat(inpaintModel.check(inpaint(1, SchedulerKind.DDIM, 1.0))).isEmpty();
    assertThat(sd15.check(inpaint(1, SchedulerKind.DDIM, 1.0))).as("4-channel inpainting").isEmpty();
  }

  @Test
  void anInpaintingModelRefusesTextToImageAndImg2imgAtCheckTime() {
    GenerationRequest text = GenerationRequest.builder("a fox").steps(4).size(128, 128).build();
    GenerationRequest img2img = text.toBuilder().initImage(init, 0.5).build();

    for (GenerationRequest request : List.of(text, img2img)) {
      assertThat(inpaintModel.check(request)).hasValueSatisfying(problem -> assertThat(problem)
          .contains("tiny-sd15-inpaint is an inpainting model", "9 input channels", "needs an init image and a mask",
              "use a text-to-image model"));
      assertThatThrownBy(() -> inpaintModel.prepare(request, "x")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("inpainting model");
    }
  }

  @Test
  void aMaskNeedsAnInitImageOfTheSameSize() {
    assertThatThrownBy(() -> GenerationRequest.builder("a fox").size(128, 128).mask(mask).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a mask needs an init image").hasMessageContaining("drop the mask");
    MaskImage small = new MaskImage(64, 64, new byte[64 * 64]);
    assertThatThrownBy(() -> GenerationRequest.builder("a fox").size(128, 128).initImage(init, 1.0).mask(small)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mask is 64x64 but the init image is 128x128");
  }

  @Test
  void toBuilderKeepsTheMask() {
    GenerationRequest request = inpaint(3, SchedulerKind.DDIM, 0.8);

    GenerationRequest copy = request.toBuilder().seed(4).build();

    assertThat(copy.mask()).isSameAs(mask);
    assertThat(copy.hasMask()).isTrue();
    assertThat(copy.shape().mask()).isTrue();
  }

  @Test
  void inpaintingAndTextToImageShareCallsAndMatchTheirSoloRuns() {
    GenerationRequest inpainting = inpaint(42, SchedulerKind.EULER_ANCESTRAL, 0.75);
    GenerationRequest blended = inpaint(43, SchedulerKind.DDIM, 1.0).toBuilder().images(2).build();
    GenerationRequest text = GenerationRequest.builder("a lighthouse").seed(7).steps(8).guidanceScale(5.0)
        .scheduler(SchedulerKind.DPMPP_2M).size(128, 128).build();
    Map<GenerationRequest, List<DecodedImage>> together = new LinkedHashMap<>();
    List<Sample> finished = new ArrayList<>();

    try (DenoiseBatch batch = sd15.newBatch(16)) {
      sd15.prepare(text, text).forEach(batch::add);
      finished.addAll(batch.step().finished());
      sd15.prepare(inpainting, inpainting).forEach(batch::add);
      sd15.prepare(blended, blended).forEach(batch::add);
      assertThat(batch.rows()).isEqualTo(8);
      while (!batch.isEmpty()) {
        DenoiseBatch.StepResult step = batch.step();
        assertThat(step.unetCalls()).as("one call for every row of one latent size").isEqualTo(1);
        finished.addAll(step.finished());
      }
    }
    for (DecodedImage image : sd15.decode(finished)) {
      together.computeIfAbsent((GenerationRequest) image.owner(), k -> new ArrayList<>()).add(image);
    }

    for (GenerationRequest request : List.of(inpainting, blended, text)) {
      List<DecodedImage> alone = new OneShotGenerator(sd15, 16).generate(request);
      List<DecodedImage> batched = together.get(request);
      batched.sort((a, b) -> Integer.compare(a.index(), b.index()));
      assertThat(batched).hasSize(request.numImages());
      for (int k = 0; k < alone.size(); k++) {
        assertThat(batched.get(k).image()).as("%s image %d batched vs alone", request.scheduler(), k)
            .isEqualTo(alone.get(k).image());
      }
    }
  }

  @Test
  void inpaintingJobsOnTheNineChannelModelBatchWithEachOther() {
    GenerationRequest first = inpaint(5, SchedulerKind.DDIM, 1.0);
    GenerationRequest second = inpaint(6, SchedulerKind.EULER, 0.6).toBuilder().prompt("a window").build();
    List<Sample> finished = new ArrayList<>();

    try (DenoiseBatch batch = inpaintModel.newBatch(16)) {
      inpaintModel.prepare(first, first).forEach(batch::add);
      inpaintModel.prepare(second, second).forEach(batch::add);
      while (!batch.isEmpty()) {
        DenoiseBatch.StepResult step = batch.step();
        assertThat(step.unetCalls()).isEqualTo(1);
        finished.addAll(step.finished());
      }
    }

    List<DecodedImage> together = inpaintModel.decode(finished);
    assertThat(together).hasSize(2);
    for (DecodedImage image : together) {
      GenerationRequest request = (GenerationRequest) image.owner();
      assertThat(image.image()).as("%s batched vs alone", request.scheduler())
          .isEqualTo(new OneShotGenerator(inpaintModel, 16).generate(request).get(0).image());
    }
  }
}
