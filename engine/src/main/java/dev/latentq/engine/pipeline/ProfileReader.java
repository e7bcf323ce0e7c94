package dev.latentq.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latentq.engine.model.GraphSignature;
import dev.latentq.engine.model.ModelFolder;
import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.TextEncoder;
import dev.latentq.engine.model.UNetSignature;
import dev.latentq.engine.model.VaeConfig;
import dev.latentq.engine.model.VaeDecoder;
import dev.latentq.engine.scheduler.SchedulerConfig;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.engine.tokenizer.ClipTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a diffusers-layout ONNX export's {@link ModelProfile} from its files: model_index.json, the component
 * configs, the tokenizers and the graphs' declared inputs and outputs (never their weights). Every rule that needs
 * no session is checked here, so a broken export fails when the profile is read, naming the file and the fix;
 * {@link ModelLoader} reads the profile first and adds the checks that need sessions.
 */
final class ProfileReader {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileReader.class);

  /** The profile and the tokenizers it holds, for the prompt encoders a load builds on them. */
  record Read(ModelFolder folder, ModelProfile profile, ClipTokens tokens, boolean sdxl) {}

  private ProfileReader() {}

  static Read read(Path dir) {
    return read(ModelFolder.open(dir));
  }

  static Read read(ModelFolder folder) {
    Map<String, CompletableFuture<ClipTokenizer>> tokenizers = prefetchTokenizers(folder);
    SchedulerConfig schedulerConfig = readSchedulerConfig(folder);
    UNetSignature signature = unetSignature(folder.onnx("unet"));
    boolean sdxl = signature.textEmbeds() != null || signature.timeIds() != null;
    if (!sdxl && folder.declares("text_encoder_2")) {
      throw new ModelLoadException(folder.root().resolve("model_index.json") + " declares text_encoder_2 (SDXL)"
          + " but unet/model.onnx takes no text_embeds/time_ids (an SD 1.x/2.x U-Net): the folder mixes parts of"
          + " different models; re-export it, or remove text_encoder_2 from model_index.json if the U-Net is right");
    }
    ClipTokens tokens = sdxl ? sdxlTokens(folder, tokenizers, signature) : clipTokens(folder, tokenizers);
    Path decoderFile = folder.onnx("vae_decoder");
    GraphSignature decoder = GraphSignature.read(decoderFile, "vae_decoder");
    long latentChannels = VaeDecoder.latentInput(decoderFile, decoder.inputs(), decoder.outputs()).dim(1);
    if (latentChannels != -1 && latentChannels != signature.latentChannels()) {
      throw new ModelLoadException(folder.root() + ": vae_decoder takes " + latentChannels
          + " latent channels but the unet produces " + signature.latentChannels());
    }
    // The VAE encoder opens lazily (a broken one fails the first img2img request, not the load): only its presence.
    boolean initImage = folder.optionalOnnx("vae_encoder").isPresent();
    String vaeFile = vaeConfigFile(folder, sdxl);
    JsonNode vaeJson = vaeFile == null ? null : folder.json(vaeFile);
    VaeConfig vae = vaeJson == null ? legacyVae(folder)
        : VaeConfig.from(vaeJson, folder.root().resolve(vaeFile).toString());
    int scale = vaeScaleFactor(vaeJson);
    int defaultSize = folder.optionalJson("unet/config.json")
        .map(c -> c.path("sample_size").asInt(0) * scale).filter(s -> s > 0).orElse(512);
    String family = sdxl ? "SDXL" : signature.timestepCond() != null ? "LCM (SD 1.x/2.x)" : "SD 1.x/2.x";
    ModelProfile profile = new ModelProfile(folder.name(), family, signature, tokens, vae, schedulerConfig,
        SchedulerKind.defaultFor(schedulerConfig), scale, defaultSize, defaultSize, latentMultiple(folder),
        initImage);
    return new Read(folder, profile, tokens, sdxl);
  }

  /** The U-Net's signature as its graph declares it (what the session reports, see {@link GraphSignature}). */
  static UNetSignature unetSignature(Path onnx) {
    GraphSignature graph = GraphSignature.read(onnx, "unet");
    try {
      return UNetSignature.read(graph.inputs(), graph.outputs());
    } catch (RuntimeException e) {
      throw e instanceof ModelLoadException m ? m
          : new ModelLoadException("cannot inspect " + onnx + ": " + e.getMessage(), e);
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

  /**
   * Starts reading the tokenizers (tens of thousands of vocabulary and merge entries, the slowest part of reading a
   * small model's profile in a cold JVM) on their own threads, so that it overlaps reading the graphs.
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

  private static ClipTokenizer tokenizer(ModelFolder folder, String component) {
    Path dir = folder.folder(component);
    try {
      return ClipTokenizer.load(dir);
    } catch (RuntimeException e) {
      throw e instanceof ModelLoadException m ? m : new ModelLoadException(e.getMessage(), e);
    }
  }

  private static ClipTokens clipTokens(ModelFolder folder, Map<String, CompletableFuture<ClipTokenizer>> tokenizers) {
    ClipTokenizer tokenizer = tokenizer(folder, tokenizers, "tokenizer");
    textEncoder(folder, "text_encoder");
    return ClipTokens.single(tokenizer);
  }

  private static ClipTokens sdxlTokens(ModelFolder folder, Map<String, CompletableFuture<ClipTokenizer>> tokenizers,
      UNetSignature unet) {
    if (folder.optionalOnnx("text_encoder_2").isEmpty()) {
      throw new ModelLoadException(folder.root() + ": the unet takes SDXL inputs (text_embeds/time_ids) but "
          + "text_encoder_2/model.onnx is missing; export both text encoders");
    }
    ClipTokenizer tokenizer1 = tokenizer(folder, tokenizers, "tokenizer");
    ClipTokenizer tokenizer2 = tokenizer(folder, tokenizers, "tokenizer_2");
    textEncoder(folder, "text_encoder");
    textEncoder(folder, "text_encoder_2");
    if (unet.textEmbeds() == null || unet.timeIds() == null) {
      throw new ModelLoadException(folder.root() + ": the model has two text encoders (SDXL) but unet/model.onnx"
          + " does not take both text_embeds and time_ids; re-export the SDXL U-Net");
    }
    boolean zeros = folder.index().path("force_zeros_for_empty_prompt").asBoolean(false);
    return ClipTokens.pair(tokenizer1, tokenizer2, zeros);
  }

  /** A text encoder's graph: readable, and taking the {@code input_ids} the engine feeds. */
  private static void textEncoder(ModelFolder folder, String component) {
    TextEncoder.inputIds(GraphSignature.read(folder.onnx(component), component).inputs(), component);
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
}
