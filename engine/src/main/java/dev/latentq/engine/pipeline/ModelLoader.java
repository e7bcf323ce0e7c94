package dev.latentq.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import dev.latentq.engine.model.LatentEncoder;
import dev.latentq.engine.model.LazyLatentEncoder;
import dev.latentq.engine.model.ModelFolder;
import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.ResidentMemory;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.SessionFactory;
import dev.latentq.engine.model.TextEncoder;
import dev.latentq.engine.model.UNet;
import dev.latentq.engine.model.UNetSignature;
import dev.latentq.engine.model.VaeDecoder;
import dev.latentq.engine.model.VaeEncoder;
import dev.latentq.engine.model.WeightFiles;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles a {@link DiffusionModel} from a diffusers-layout ONNX export: reads its {@link ModelProfile} from the
 * files (the facts the model answers with, the same a worker reads at start without loading), opens the sessions
 * and checks what only they tell (embedding widths), failing at load time with the file and the problem when the
 * parts do not fit together.
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
    // The profile (configs, tokenizers, graph signatures) is read while the U-Net session opens, the slowest part.
    CompletableFuture<ProfileReader.Read> reading = CompletableFuture.supplyAsync(() -> ProfileReader.read(folder),
        task -> Thread.ofPlatform().daemon().name("latentq-load-profile").start(task));
    try {
      UNet unet;
      try {
        unet = track(opened, UNet.load(sessions, folder.onnx("unet")));
      } catch (RuntimeException e) {
        // A broken export fails with the profile's message when it has one: the same one start-up reports.
        join(reading);
        throw e;
      }
      ProfileReader.Read read = join(reading);
      ModelProfile profile = read.profile();
      UNetSignature signature = unet.signature();
      if (!signature.equals(profile.unet())) {
        throw new IllegalStateException(folder.onnx("unet") + ": ONNX Runtime reports the signature " + signature
            + " but the graph declares " + profile.unet() + "; the model's facts would not match its session");
      }
      PromptEncoder prompts = track(opened, read.sdxl() ? sdxlPrompts(folder, read.tokens(), opened)
          : clipPrompts(folder, read.tokens(), opened));
      checkConditioning(folder, prompts, signature);
      VaeDecoder decoder = track(opened, VaeDecoder.load(sessions, folder.onnx("vae_decoder")));
      LatentEncoder encoder = folder.optionalOnnx("vae_encoder").map(file -> track(opened, vaeEncoder(file)))
          .orElse(null);
      DiffusionModel model = new DiffusionModel(new DiffusionModel.Parts(profile.name(), profile.family(), env,
          prompts, unet, decoder, encoder, profile.vae(), profile.schedulerConfig(), profile.defaultScheduler(),
          profile.vaeScaleFactor(), profile.defaultWidth(), profile.defaultHeight(), profile.latentMultiple()),
          profile, new OnnxLoraVariants(folder, sessions, unet, prompts, read.sdxl()));
      LOG.info("loaded model {} from {}: {}, unet timestep {} {}, {} latents, default {} at {}x{}, sizes in"
          + " multiples of {}", folder.name(), folder.root(), profile.family(), signature.timestepType(),
          signature.scalarTimestep() ? "scalar" : "[batch]", signature.sampleType(),
          profile.defaultScheduler().wireName(), profile.defaultWidth(), profile.defaultHeight(),
          profile.sizeMultiple());
      return model;
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  private static ProfileReader.Read join(CompletableFuture<ProfileReader.Read> reading) {
    try {
      return reading.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** Only img2img and inpainting need the VAE encoder: unless tuned otherwise it opens on first use. */
  private LatentEncoder vaeEncoder(Path file) {
    return sessions.options().tuning().lazyVaeEncoder()
        ? new LazyLatentEncoder(() -> VaeEncoder.load(sessions, file), ResidentMemory.process(),
            WeightFiles.bytes(file.getParent()))
        : VaeEncoder.load(sessions, file);
  }


  private PromptEncoder clipPrompts(ModelFolder folder, ClipTokens tokens, Deque<AutoCloseable> opened) {
    TextEncoder encoder = track(opened, TextEncoder.load(sessions, folder.onnx("text_encoder"), "text_encoder"));
    ClipPromptEncoder prompts = new ClipPromptEncoder(tokens, encoder);
    opened.remove(encoder);
    return prompts;
  }

  /** The profile checked that text_encoder_2 exists and the U-Net takes SDXL inputs. */
  private PromptEncoder sdxlPrompts(ModelFolder folder, ClipTokens tokens, Deque<AutoCloseable> opened) {
    TextEncoder encoder1 = track(opened, TextEncoder.load(sessions, folder.onnx("text_encoder"), "text_encoder"));
    TextEncoder encoder2 = track(opened, TextEncoder.load(sessions, folder.onnx("text_encoder_2"), "text_encoder_2"));
    SdxlPromptEncoder prompts = new SdxlPromptEncoder(tokens, encoder1, encoder2);
    opened.remove(encoder1);
    opened.remove(encoder2);
    return prompts;
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
