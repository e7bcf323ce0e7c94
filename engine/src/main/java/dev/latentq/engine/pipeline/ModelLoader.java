package dev.latentq.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latentq.engine.model.LatentEncoder;
import dev.latentq.engine.model.LazyLatentEncoder;
import dev.latentq.engine.model.ModelFolder;
import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.SessionFactory;
import dev.latentq.engine.model.TextEncoder;
import dev.latentq.engine.model.UNet;
import dev.latentq.engine.model.UNetSignature;
import dev.latentq.engine.model.VaeConfig;
import dev.latentq.engine.model.VaeDecoder;
import dev.latentq.engine.model.VaeEncoder;
import dev.latentq.engine.scheduler.SchedulerConfig;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.engine.tokenizer.ClipTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles a {@link DiffusionModel} from a diffusers-layout ONNX export, adapting to the variant by reading
 * each session's inputs and outputs, and failing at load time with the file and the problem when the parts do
 * not fit together.
 */
final class ModelLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  private final OrtEnvironment env;
  private final SessionFactory sessions;

  ModelLoader(OrtEnvironment env, RuntimeOptions options) {
    this.env = env;
    this.sessions = new SessionFactory(env, options);
  }

  DiffusionModel load(Path dir) {
    ModelFolder folder = ModelFolder.open(dir);
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    Map<String, CompletableFuture<ClipTokenizer>> tokenizers = prefetchTokenizers(folder);
    try {
      SchedulerConfig schedulerConfig = readSchedulerConfig(folder);
      UNet unet = track(opened, UNet.load(sessions, folder.onnx("unet")));
      UNetSignature signature = unet.signature();
      boolean sdxl = signature.textEmbeds() != null || signature.timeIds() != null;
      if (!sdxl && folder.declares("text_encoder_2")) {
        throw new ModelLoadException(folder.root().resolve("model_index.json") + " declares text_encoder_2 (SDXL)"
            + " but unet/model.onnx takes no text_embeds/time_ids (an SD 1.x/2.x U-Net): the folder mixes parts of"
            + " different models; re-export it, or remove text_encoder_2 from model_index.json if the U-Net is right");
      }
      PromptEncoder prompts = track(opened, sdxl ? sdxlPrompts(folder, tokenizers, opened)
          : clipPrompts(folder, tokenizers, opened));
      checkConditioning(folder, prompts, signature);
      VaeDecoder decoder = track(opened, VaeDecoder.load(sessions, folder.onnx("vae_decoder")));
      if (decoder.latentChannels() != -1 && decoder.latentChannels() != signature.latentChannels()) {
        throw new ModelLoadException(folder.root() + ": vae_decoder takes " + decoder.latentChannels()
            + " latent channels but the unet produces " + signature.latentChannels());
      }
      LatentEncoder encoder = folder.optionalOnnx("vae_encoder").map(file -> track(opened, vaeEncoder(file)))
          .orElse(null);
      String vaeFile = vaeConfigFile(folder, sdxl);
      JsonNode vaeJson = vaeFile == null ? null : folder.json(vaeFile);
      VaeConfig vae = vaeJson == null ? legacyVae(folder)
          : VaeConfig.from(vaeJson, folder.root().resolve(vaeFile).toString());
      int scale = vaeScaleFactor(vaeJson);
      int defaultSize = folder.optionalJson("unet/config.json")
          .map(c -> c.path("sample_size").asInt(0) * scale).filter(s -> s > 0).orElse(512);
      int latentMultiple = latentMultiple(folder);
      SchedulerKind defaultScheduler = SchedulerKind.defaultFor(schedulerConfig);
      String family = sdxl ? "SDXL" : signature.timestepCond() != null ? "LCM (SD 1.x/2.x)" : "SD 1.x/2.x";
      DiffusionModel model = new DiffusionModel(new DiffusionModel.Parts(folder.name(), family, env, prompts, unet,
          decoder, encoder, vae, schedulerConfig, defaultScheduler, scale, defaultSize, defaultSize,
          latentMultiple), new OnnxLoraVariants(folder, sessions, unet, prompts, sdxl));
      LOG.info("loaded model {} from {}: {}, unet timestep {} {}, {} latents, default {} at {}x{}, sizes in"
          + " multiples of {}", folder.name(), folder.root(), family, signature.timestepType(),
          signature.scalarTimestep() ? "scalar" : "[batch]", signature.sampleType(), defaultScheduler.wireName(),
          defaultSize, defaultSize, model.sizeMultiple());
      return model;
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /**
   * 2 to the number of times the U-Net halves its latents: every down block but the last ends in a downsampler
   * (diffusers' UNet2DConditionModel), and the up path must restore each size exactly, so other latent sizes fail
   * inside the U-Net. Without unet/config.json the export's sizes are unknown and none is refused.
   */
  private static int latentMultiple(ModelFolder folder) {
    return folder.optionalJson("unet/config.json").map(config -> {
      JsonNode blocks = config.path("down_block_types");
      if (!blocks.isArray()) {
        blocks = config.path("block_out_channels");
      }
      if (!blocks.isArray() || blocks.isEmpty()) {
        LOG.warn("{}: unet/config.json lists no down_block_types; sizes the U-Net cannot take fail only when they"
            + " run", folder.root());
        return 1;
      }
      return 1 << Math.min(blocks.size() - 1, 6);
    }).orElse(1);
  }

  private static SchedulerConfig readSchedulerConfig(ModelFolder folder) {
    folder.json("scheduler/scheduler_config.json");
    try {
      return SchedulerConfig.read(folder.root().resolve("scheduler/scheduler_config.json"));
    } catch (RuntimeException e) {
      throw new ModelLoadException(folder.root().resolve("scheduler/scheduler_config.json") + ": " + e.getMessage(),
          e);
    }
  }

  /** Only img2img and inpainting need the VAE encoder: unless tuned otherwise it opens on first use. */
  private LatentEncoder vaeEncoder(Path file) {
    return sessions.options().tuning().lazyVaeEncoder()
        ? new LazyLatentEncoder(() -> VaeEncoder.load(sessions, file)) : VaeEncoder.load(sessions, file);
  }

  /**
   * Starts reading the tokenizers (tens of thousands of vocabulary and merge entries, the slowest part of a small
   * model's load in a cold JVM) on their own thread, so that it overlaps opening the U-Net session.
   */
  private static Map<String, CompletableFuture<ClipTokenizer>> prefetchTokenizers(ModelFolder folder) {
    Map<String, CompletableFuture<ClipTokenizer>> loads = new HashMap<>();
    for (String component : new String[] {"tokenizer", "tokenizer_2"}) {
      if (Files.isDirectory(folder.root().resolve(component))) {
        loads.put(component, CompletableFuture.supplyAsync(() -> tokenizer(folder, component),
            task -> Thread.ofPlatform().daemon().name("latentq-load-" + component).start(task)));
      }
    }
    return loads;
  }

  private static ClipTokenizer tokenizer(ModelFolder folder, Map<String, CompletableFuture<ClipTokenizer>> loads,
      String component) {
    CompletableFuture<ClipTokenizer> load = loads.get(component);
    if (load == null) {
      return tokenizer(folder, component);
    }
    try {
      return load.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private PromptEncoder clipPrompts(ModelFolder folder, Map<String, CompletableFuture<ClipTokenizer>> tokenizers,
      Deque<AutoCloseable> opened) {
    ClipTokenizer tokenizer = tokenizer(folder, tokenizers, "tokenizer");
    TextEncoder encoder = track(opened, TextEncoder.load(sessions, folder.onnx("text_encoder"), "text_encoder"));
    ClipPromptEncoder prompts = new ClipPromptEncoder(tokenizer, encoder);
    opened.remove(encoder);
    return prompts;
  }

  private PromptEncoder sdxlPrompts(ModelFolder folder, Map<String, CompletableFuture<ClipTokenizer>> tokenizers,
      Deque<AutoCloseable> opened) {
    if (folder.optionalOnnx("text_encoder_2").isEmpty()) {
      throw new ModelLoadException(folder.root() + ": the unet takes SDXL inputs (text_embeds/time_ids) but "
          + "text_encoder_2/model.onnx is missing; export both text encoders");
    }
    ClipTokenizer tokenizer1 = tokenizer(folder, tokenizers, "tokenizer");
    ClipTokenizer tokenizer2 = tokenizer(folder, tokenizers, "tokenizer_2");
    TextEncoder encoder1 = track(opened, TextEncoder.load(sessions, folder.onnx("text_encoder"), "text_encoder"));
    TextEncoder encoder2 = track(opened, TextEncoder.load(sessions, folder.onnx("text_encoder_2"), "text_encoder_2"));
    boolean zeros = folder.index().path("force_zeros_for_empty_prompt").asBoolean(false);
    SdxlPromptEncoder prompts = new SdxlPromptEncoder(tokenizer1, encoder1, tokenizer2, encoder2, zeros);
    opened.remove(encoder1);
    opened.remove(encoder2);
    return prompts;
  }

  private static ClipTokenizer tokenizer(ModelFolder folder, String component) {
    Path dir = folder.folder(component);
    try {
      return ClipTokenizer.load(dir);
    } catch (RuntimeException e) {
      throw e instanceof ModelLoadException m ? m : new ModelLoadException(e.getMessage(), e);
    }
  }

  private static void checkConditioning(ModelFolder folder, PromptEncoder prompts, UNetSignature unet) {
    String encoders = prompts instanceof SdxlPromptEncoder ? "text_encoder + text_encoder_2" : "text_encoder";
    if (unet.crossAttentionDim() > 0 && unet.crossAttentionDim() != prompts.hiddenWidth()) {
      throw new ModelLoadException(folder.root() + ": " + encoders + " produce(s) embeddings of width "
          + prompts.hiddenWidth() + " but unet/model.onnx takes encoder_hidden_states of width "
          + unet.crossAttentionDim() + ": the text encoder and U-Net come from different models; re-export them"
          + " together");
    }
    if (prompts instanceof SdxlPromptEncoder sdxl && unet.textEmbeds() != null
        && unet.textEmbeds().width() != sdxl.pooledWidth()) {
      throw new ModelLoadException(folder.root() + ": text_encoder_2 pools to width " + sdxl.pooledWidth()
          + " but unet/model.onnx takes text_embeds of width " + unet.textEmbeds().width()
          + ": the text encoder and U-Net come from different models; re-export them together");
    }
    if (prompts instanceof SdxlPromptEncoder && (unet.textEmbeds() == null || unet.timeIds() == null)) {
      throw new ModelLoadException(folder.root() + ": the model has two text encoders (SDXL) but unet/model.onnx"
          + " does not take both text_embeds and time_ids; re-export the SDXL U-Net");
    }
  }

  /** The VAE config's path relative to the root, or null when the export has none (legacy SD 1.x/2.x). */
  private static String vaeConfigFile(ModelFolder folder, boolean sdxl) {
    for (String candidate : new String[] {"vae_decoder/config.json", "vae/config.json"}) {
      if (Files.isRegularFile(folder.root().resolve(candidate))) {
        return candidate;
      }
    }
    if (sdxl) {
      throw new ModelLoadException(folder.root().resolve("vae_decoder/config.json")
          + " is missing: SDXL needs its VAE scaling_factor (0.13025); export the VAE config with the model");
    }
    return null;
  }

  private static VaeConfig legacyVae(ModelFolder folder) {
    LOG.warn("{} has no vae_decoder/config.json; using scaling_factor {} like diffusers' legacy ONNX pipeline",
        folder.root(), VaeConfig.LEGACY_SD_SCALING_FACTOR);
    return new VaeConfig(VaeConfig.LEGACY_SD_SCALING_FACTOR, 0.0, null, null);
  }

  private static int vaeScaleFactor(JsonNode vaeJson) {
    JsonNode blocks = vaeJson == null ? null : vaeJson.get("block_out_channels");
    return blocks != null && blocks.isArray() && blocks.size() > 0 ? 1 << (blocks.size() - 1) : 8;
  }

  private static <T extends AutoCloseable> T track(Deque<AutoCloseable> opened, T resource) {
    opened.push(resource);
    return resource;
  }

  private static void closeAll(Deque<AutoCloseable> opened, RuntimeException primary) {
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        primary.addSuppressed(e);
      }
    }
  }
}
