package dev.latentq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.EngineListener;
import dev.latentq.engine.batching.JobImages;
import dev.latentq.engine.image.InitImageReader;
import dev.latentq.engine.image.PngEncoder;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DecodedImage;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.pipeline.OneShotGenerator;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of {@code engine/README.md}, run: each snippet between {@code // README <name>} and
 * {@code // END <name>} below must stand verbatim in the README, so the documented code is code that compiles and
 * works.
 */
class ReadmeExampleTest {
  private static final Path README = Path.of("README.md");
  private static final Path SOURCE = Path.of("src/test/java/dev/latentq/engine/ReadmeExampleTest.java");

  @TempDir
  Path out;

  @Test
  void oneShotGenerationWritesPngsOfTheRequestedSize() throws Exception {
    Path modelFolder = Path.of("../models/shapes-sd");
    // README one-shot
    try (DiffusionModel model = DiffusionModel.load(modelFolder, RuntimeOptions.cpu());
        PngEncoder png = new PngEncoder()) {
      GenerationRequest request = model.request("a red circle on a blue background")
          .seed(42).steps(20).scheduler(SchedulerKind.DDIM).size(128, 128).images(2)
          .build();
      List<DecodedImage> images = new OneShotGenerator(model, 16).generate(request);
      for (DecodedImage image : images) {
        Files.write(out.resolve(image.index() + ".png"), png.encode(image.image()));
      }
    }
    // END one-shot

    for (String name : List.of("0.png", "1.png")) {
      byte[] file = Files.readAllBytes(out.resolve(name));
      assertThat(new String(file, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
      assertThat(pngWidth(file)).isEqualTo(128);
    }
  }

  @Test
  void batchEngineServesRequestsFromSeveralThreadsInSharedSteps() throws Exception {
    Path modelFolder = Path.of("../models/shapes-sd");
    List<RgbImage> results = new ArrayList<>();
    // README batch
    DiffusionModel model = DiffusionModel.load(modelFolder, RuntimeOptions.cpu());
    try (BatchEngine engine = new BatchEngine(Map.of("shapes", model), 16, EngineListener.NONE,
        Clock.systemUTC())) {
      engine.start();
      ExecutorService callers = Executors.newFixedThreadPool(4);
      List<CompletableFuture<JobImages>> jobs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        GenerationRequest request = model.request("a green square on a white background")
            .seed(i).steps(10).size(128, 128).build();
        String id = "job-" + i;
        // submit is thread-safe and returns at once; the engine thread batches whatever is queued.
        jobs.add(CompletableFuture.supplyAsync(() -> EngineJob.of(id, "shapes", request), callers)
            .thenCompose(engine::submit));
      }
      for (CompletableFuture<JobImages> job : jobs) {
        results.addAll(job.join().images());
      }
      callers.shutdown();
      engine.drain(Duration.ofSeconds(30)).join();
    } // closing the engine closes its models
    // END batch

    assertThat(results).hasSize(4).allSatisfy(image -> assertThat(image.width()).isEqualTo(128));
    assertThat(results.stream().distinct()).as("four seeds, four different images").hasSize(4);
  }

  @Test
  void inpaintingExampleRunsOnAModelWithAVaeEncoder() throws Exception {
    Path inputs = Path.of("../fixtures/tiny-sd15/inputs");
    Path photo = inputs.resolve("init-a-128x128.png");
    Path maskPng = inputs.resolve("mask-rect-128x128.png");
    try (DiffusionModel model = DiffusionModel.load(Path.of("../fixtures/tiny-sd15"), RuntimeOptions.cpu())) {
      // README inpaint
      GenerationRequest request = model.request("a red brick fireplace").seed(42).steps(20)
          .size(128, 128).initImage(InitImageReader.read(photo), 0.75)
          .mask(InitImageReader.readMask(maskPng)).build();
      List<DecodedImage> images = new OneShotGenerator(model, 16).generate(request);
      // END inpaint

      assertThat(images).singleElement().satisfies(image -> assertThat(image.image().width()).isEqualTo(128));
    }
  }

  @Test
  void readmeShowsTheExamplesThatRunHere() throws Exception {
    String readme = Files.readString(README);
    String source = Files.readString(SOURCE);
    Matcher snippet = Pattern.compile("(?s)\\n( *)// README ([a-z-]+)\\n(.*?)\\n *// END \\2").matcher(source);
    int found = 0;
    while (snippet.find()) {
      String indent = snippet.group(1);
      String code = snippet.group(3).lines().map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
          .collect(Collectors.joining("\n"));
      assertThat(readme).as("engine/README.md holds the '%s' example verbatim", snippet.group(2)).contains(code);
      found++;
    }
    assertThat(found).isEqualTo(3);
  }

  private static int pngWidth(byte[] png) {
    return ((png[16] & 0xff) << 24) | ((png[17] & 0xff) << 16) | ((png[18] & 0xff) << 8) | (png[19] & 0xff);
  }
}
