package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One case of a fixture's case file (diffusers' parameter names) and the check of its images. */
final class GoldenCase {
  private GoldenCase() {}

  /** The case's text-to-image parameters; callers add what their feature needs (init image, LoRAs...). */
  static GenerationRequest.Builder request(JsonNode c) {
    return GenerationRequest.builder(c.get("prompt").asText())
        .negativePrompt(c.path("negative_prompt").asText(""))
        .seed(c.get("seed").asLong())
        .steps(c.get("steps").asInt())
        .guidanceScale(c.get("guidance_scale").asDouble())
        .scheduler(SchedulerKind.fromName(c.get("scheduler").asText()))
        .size(c.get("width").asInt(), c.get("height").asInt())
        .images(c.path("num_images").asInt(1));
  }

  /** Each image within the fixtures' tolerance of the case's {@code expected} file in {@code expectedDir}. */
  static void assertImagesMatch(List<DecodedImage> images, JsonNode c, Path expectedDir, String label)
      throws IOException {
    JsonNode expected = c.get("expected");
    assertThat(images).hasSize(expected.size());
    for (int k = 0; k < expected.size(); k++) {
      ImageComparison diff = ImageComparison.of(images.get(k).image(),
          expectedDir.resolve(expected.get(k).asText()));
      assertThat(diff.withinFixtureTolerance()).as("%s image %d: %s", label, k, diff).isTrue();
    }
  }
}
