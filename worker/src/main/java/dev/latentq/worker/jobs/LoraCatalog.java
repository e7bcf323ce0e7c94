package dev.latentq.worker.jobs;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.job.LoraRef;
import dev.latentq.worker.config.WorkerConfig.LoraSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Resolves the LoRA names of a job to files in the worker's LoRA sources, within its limits: the folder first, then
 * the bucket. A name is only ever looked up as a file directly inside the folder, or as {@code <prefix><name>} in the
 * configured bucket: never a path, never another bucket. A bucket LoRA resolves to its place in the download cache;
 * whether the bucket has it is asked (off the event loop) before the job reaches the engine. Thread-safe.
 */
public final class LoraCatalog {
  private static final String EXTENSION = ".safetensors";
  private static final int LISTED_NAMES = 20;

  private final LoraSettings settings;
  private final Path folder;
  private final Path cacheFolder;

  /** A catalog without LoRA sources: jobs that name LoRAs fail with {@code unsupported_request}. */
  public static LoraCatalog none() {
    return new LoraCatalog(new LoraSettings(null, 1, 1.0, null, "", null, 0, 1));
  }

  public LoraCatalog(LoraSettings settings) {
    this.settings = settings;
    this.folder = settings.folder() == null ? null : settings.folder().toAbsolutePath().normalize();
    this.cacheFolder = settings.bucket() == null ? null : settings.cacheFolder().toAbsolutePath().normalize();
  }

  /**
   * The job's LoRA set ({@link LoraSet#NONE} when it names none).
   *
   * @throws JobRejection {@code unknown_lora} for a name in no source, {@code unsupported_request} beyond limits
   */
  public LoraSet resolve(List<LoraRef> refs) throws JobRejection {
    if (refs == null || refs.isEmpty()) {
      return LoraSet.NONE;
    }
    if (folder == null && cacheFolder == null) {
      throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, "this worker serves no LoRAs (neither loras.folder nor"
          + " loras.bucket is set); drop loras from the job or send it to a worker configured with LoRAs");
    }
    if (refs.size() > settings.maxPerJob()) {
      throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, "the job asks for " + refs.size() + " LoRAs; this"
          + " worker allows at most " + settings.maxPerJob() + " per job");
    }
    List<LoraWeight> weights = new ArrayList<>();
    for (LoraRef ref : refs) {
      double scale = ref.scaleOrDefault();
      if (!(Math.abs(scale) <= settings.maxScale())) {
        throw new JobRejection(FailureCode.UNSUPPORTED_REQUEST, "LoRA '" + ref.name() + "' has scale " + scale
            + "; this worker allows scales in [-" + settings.maxScale() + ", " + settings.maxScale() + "]");
      }
      weights.add(new LoraWeight(file(ref.name()), scale));
    }
    return new LoraSet(weights);
  }

  /**
   * The file a name stands for (the one name rule of every source): in the folder when it is there, else in the
   * download cache when a bucket is configured.
   */
  private Path file(String name) throws JobRejection {
    if (!NamingRules.isLoraName(name)) {
      throw new JobRejection(FailureCode.UNKNOWN_LORA, "LoRA name '" + name + "' " + NamingRules.LORA_NAME_EXPECTATION);
    }
    String fileName = name.toLowerCase(Locale.ROOT).endsWith(EXTENSION) ? name : name + EXTENSION;
    if (folder != null) {
      Path file = folder.resolve(fileName).normalize();
      // The name rule already forbids separators and leading dots; check again where it matters.
      if (folder.equals(file.getParent()) && Files.isRegularFile(file)) {
        return file;
      }
    }
    if (cacheFolder != null) {
      return cacheFolder.resolve(fileName);
    }
    throw new JobRejection(FailureCode.UNKNOWN_LORA, "LoRA '" + name + "' is not in this worker's LoRA folder;"
        + " available: " + available());
  }

  private List<String> available() {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(EXTENSION))
          .map(n -> n.substring(0, n.length() - EXTENSION.length())).sorted().limit(LISTED_NAMES).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
