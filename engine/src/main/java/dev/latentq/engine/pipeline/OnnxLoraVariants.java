package dev.latentq.engine.pipeline;

import ai.onnxruntime.OnnxTensorLike;
import dev.latentq.engine.lora.AdapterModule;
import dev.latentq.engine.lora.Component;
import dev.latentq.engine.lora.LoraAdapter;
import dev.latentq.engine.lora.LoraException;
import dev.latentq.engine.lora.LoraPatcher;
import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.lora.OnnxWeights;
import dev.latentq.engine.lora.PatchedWeights;
import dev.latentq.engine.model.ModelFolder;
import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.SessionFactory;
import dev.latentq.engine.model.TextEncoder;
import dev.latentq.engine.model.UNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds LoRA variants of an ONNX export: reads the LoRA files, checks they were made for this model family, merges
 * them into the U-Net's and text encoders' weights and opens sessions on the same model files with the patched
 * initializers overriding the originals. Parts a set does not touch are shared with the base model.
 */
final class OnnxLoraVariants implements LoraVariantFactory {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxLoraVariants.class);

  private final ModelFolder folder;
  private final SessionFactory sessions;
  private final UNet baseUnet;
  private final PromptEncoder basePrompts;
  private final boolean sdxl;
  private final LoraPatcher patcher;
  private final Map<Component, OnnxWeights> graphs = new EnumMap<>(Component.class);

  OnnxLoraVariants(ModelFolder folder, SessionFactory sessions, UNet baseUnet, PromptEncoder basePrompts,
      boolean sdxl) {
    this.folder = folder;
    this.sessions = sessions;
    this.baseUnet = baseUnet;
    this.basePrompts = basePrompts;
    this.sdxl = sdxl;
    this.patcher = new LoraPatcher(sessions.environment());
  }

  /** Thread-safe: different sets may build at once (ONNX Runtime creates sessions concurrently). */
  @Override
  public ModelVariant build(LoraSet set) {
    long started = System.nanoTime();
    Map<Component, List<LoraPatcher.Scaled>> byComponent = new EnumMap<>(Component.class);
    Map<Path, LoraAdapter> adapters = new HashMap<>();
    for (LoraWeight w : set.weights()) {
      LoraAdapter adapter = adapters.computeIfAbsent(w.file(), LoraAdapter::read);
      checkFamily(adapter);
      for (AdapterModule m : adapter.modules()) {
        byComponent.computeIfAbsent(m.component(), c -> new ArrayList<>())
            .add(new LoraPatcher.Scaled(m, w.scale(), w.file().toString()));
      }
    }
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      long bytes = 0;
      PatchedWeights unetWeights = patch(Component.UNET, byComponent, owned);
      PatchedWeights te1 = patch(Component.TEXT_ENCODER, byComponent, owned);
      PatchedWeights te2 = patch(Component.TEXT_ENCODER_2, byComponent, owned);
      bytes += unetWeights.bytes() + te1.bytes() + te2.bytes();
      UNet unet = baseUnet;
      if (!unetWeights.isEmpty()) {
        unet = UNet.load(sessions, folder.onnx("unet"), overrides(unetWeights));
        owned.add(0, unet);
      }
      PromptEncoder prompts = basePrompts;
      if (!te1.isEmpty() || !te2.isEmpty()) {
        TextEncoder first = te1.isEmpty() ? null : textEncoder(Component.TEXT_ENCODER, te1, owned);
        TextEncoder second = te2.isEmpty() ? null : textEncoder(Component.TEXT_ENCODER_2, te2, owned);
        prompts = basePrompts instanceof SdxlPromptEncoder x ? x.withEncoders(first, second)
            : ((ClipPromptEncoder) basePrompts).withEncoder(first);
      }
      LOG.info("model {}: built LoRA variant [{}] in {} ms ({} patched weights, {} KB)", folder.name(), set,
          (System.nanoTime() - started) / 1_000_000, countTensors(unetWeights, te1, te2), bytes / 1024);
      return new ModelVariant(set, unet, prompts, bytes, List.copyOf(owned));
    } catch (RuntimeException e) {
      for (AutoCloseable c : owned) {
        try {
          c.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof LoraException) {
        throw e;
      }
      throw new LoraException("cannot apply LoRAs [" + set + "] to model " + folder.name() + ": " + e.getMessage(), e);
    }
  }

  private static int countTensors(PatchedWeights... all) {
    int n = 0;
    for (PatchedWeights p : all) {
      n += p.tensors().size();
    }
    return n;
  }

  private void checkFamily(LoraAdapter adapter) {
    if (adapter.madeForSdxl() && !sdxl) {
      throw new LoraException(adapter.file() + " is a LoRA made for SDXL (" + (adapter.components()
          .contains(Component.TEXT_ENCODER_2) ? "it adapts a second text encoder" : "ss_base_model_version "
          + adapter.metadata().get("ss_base_model_version")) + ") but model " + folder.name() + " is SD 1.x/2.x:"
          + " use a LoRA trained for this model's base (SD 1.5 LoRAs for SD 1.5 models)");
    }
    String base = adapter.metadata().getOrDefault("ss_base_model_version", "").toLowerCase(Locale.ROOT);
    if (sdxl && (base.startsWith("sd_v1") || base.startsWith("sd_v2"))) {
      throw new LoraException(adapter.file() + " is a LoRA made for " + base + " but model " + folder.name()
          + " is SDXL: use a LoRA trained for SDXL");
    }
  }

  private PatchedWeights patch(Component component, Map<Component, List<LoraPatcher.Scaled>> byComponent,
      List<AutoCloseable> owned) {
    List<LoraPatcher.Scaled> modules = byComponent.getOrDefault(component, List.of());
    if (modules.isEmpty()) {
      return PatchedWeights.NONE;
    }
    if (component == Component.TEXT_ENCODER_2 && !sdxl) {
      throw new LoraException(modules.get(0).file() + " adapts text_encoder_2, which model " + folder.name()
          + " does not have (an SDXL LoRA on an SD 1.x/2.x model): use a LoRA trained for this model's base");
    }
    PatchedWeights weights = patcher.patch(graph(component), modules);
    owned.add(weights);
    return weights;
  }

  private synchronized OnnxWeights graph(Component component) {
    return graphs.computeIfAbsent(component, c -> {
      Path onnx;
      try {
        onnx = folder.onnx(c.folder());
      } catch (ModelLoadException e) {
        throw new LoraException("model " + folder.name() + " has no " + c.folder() + " for the LoRA to adapt: "
            + e.getMessage(), e);
      }
      return OnnxWeights.read(onnx, c.folder());
    });
  }

  private TextEncoder textEncoder(Component component, PatchedWeights weights, List<AutoCloseable> owned) {
    TextEncoder encoder = TextEncoder.load(sessions, folder.onnx(component.folder()), component.folder(),
        overrides(weights));
    // Sessions close before the weights they use.
    owned.add(0, encoder);
    return encoder;
  }

  private static Map<String, OnnxTensorLike> overrides(PatchedWeights weights) {
    return weights.overrides();
  }
}
