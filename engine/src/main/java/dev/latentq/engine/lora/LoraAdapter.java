package dev.latentq.engine.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A LoRA file parsed into its adapted layers. Reads kohya files ({@code lora_unet_…}/{@code lora_te_…} with
 * {@code lora_down}/{@code lora_up}/{@code alpha}, LoCon conv layers included) and diffusers/PEFT files
 * ({@code unet.…}/{@code text_encoder.…} with {@code lora_A}/{@code lora_B}; alpha from
 * {@code lora_adapter_metadata} when present, else alpha = rank). Anything else fails naming the key.
 */
public final class LoraAdapter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[][] KOHYA_PREFIXES = {
      {"lora_unet_", "UNET"}, {"lora_te1_", "TEXT_ENCODER"}, {"lora_te2_", "TEXT_ENCODER_2"},
      {"lora_te_", "TEXT_ENCODER"}};
  private static final String[][] PEFT_PREFIXES = {
      {"unet.", "UNET"}, {"text_encoder_2.", "TEXT_ENCODER_2"}, {"text_encoder.", "TEXT_ENCODER"}};
  private static final String[] UNSUPPORTED = {
      "hada_", "lokr_", "lora_mid", "dora_scale", ".diff", ".oft_", ".b_norm", ".w_norm"};

  private final Path file;
  private final Map<String, String> metadata;
  private final List<AdapterModule> modules;

  private LoraAdapter(Path file, Map<String, String> metadata, List<AdapterModule> modules) {
    this.file = file;
    this.metadata = metadata;
    this.modules = modules;
  }

  /** Reads and checks a file; every key must belong to a supported LoRA layer. */
  public static LoraAdapter read(Path file) {
    SafetensorsFile st = SafetensorsFile.read(file);
    Map<String, Parts> layers = new TreeMap<>();
    for (String key : st.tensors().keySet()) {
      for (String marker : UNSUPPORTED) {
        if (key.contains(marker)) {
          throw new LoraException(file + ": key '" + key + "' belongs to a LyCORIS variant (LoHa, LoKr, DoRA, Tucker"
              + " or full-diff layers) that LatentQ cannot apply; use a plain LoRA or LoCon file");
        }
      }
      Suffix suffix = Suffix.of(key);
      if (suffix == null) {
        throw new LoraException(file + ": key '" + key + "' is not a LoRA tensor (expected names ending in"
            + " .lora_down.weight/.lora_up.weight/.alpha (kohya) or .lora_A.weight/.lora_B.weight (diffusers/PEFT))");
      }
      String prefix = key.substring(0, key.length() - suffix.text.length());
      Parts parts = layers.computeIfAbsent(prefix, p -> new Parts());
      switch (suffix.role) {
        case DOWN -> parts.down = key;
        case UP -> parts.up = key;
        case ALPHA -> parts.alpha = key;
      }
    }
    if (layers.isEmpty()) {
      throw new LoraException(file + " holds no tensors: it is not a LoRA file");
    }
    PeftAlpha peftAlpha = PeftAlpha.from(file, st.metadata());
    List<AdapterModule> modules = new ArrayList<>();
    for (Map.Entry<String, Parts> e : layers.entrySet()) {
      modules.add(module(file, st, e.getKey(), e.getValue(), peftAlpha));
    }
    return new LoraAdapter(file, st.metadata(), List.copyOf(modules));
  }

  private static AdapterModule module(Path file, SafetensorsFile st, String prefix, Parts parts, PeftAlpha peftAlpha) {
    if (parts.down == null || parts.up == null) {
      throw new LoraException(file + ": layer '" + prefix + "' has "
          + (parts.down == null ? "no down (A)" : "no up (B)") + " weight; the file is incomplete: re-export the LoRA");
    }
    boolean kohya = parts.down.endsWith(".lora_down.weight");
    Component component = null;
    String name = null;
    for (String[] p : kohya ? KOHYA_PREFIXES : PEFT_PREFIXES) {
      if (prefix.startsWith(p[0])) {
        component = Component.valueOf(p[1]);
        name = prefix.substring(p[0].length());
        break;
      }
    }
    if (component == null) {
      throw new LoraException(file + ": key '" + parts.down + "' names no model part LatentQ knows (expected "
          + (kohya ? "lora_unet_, lora_te_, lora_te1_ or lora_te2_" : "unet., text_encoder. or text_encoder_2.")
          + " at the start)");
    }
    if (!kohya) {
      // diffusers' attention-processor names: attn1.processor.to_q → attn1.to_q, processor.to_out → to_out.0.
      name = name.replace(".processor.to_out", ".to_out.0").replace(".processor.", ".");
    }
    if (kohya && component == Component.UNET && (name.startsWith("input_blocks_") || name.startsWith("middle_block_")
        || name.startsWith("output_blocks_"))) {
      throw new LoraException(file + ": key '" + parts.down + "' uses the original Stable Diffusion (LDM) layer"
          + " names; LatentQ maps diffusers-named LoRAs (lora_unet_down_blocks_…): convert the file with kohya's"
          + " or diffusers' conversion scripts");
    }
    SafetensorsFile.Tensor down = st.tensors().get(parts.down);
    SafetensorsFile.Tensor up = st.tensors().get(parts.up);
    if (down.shape().length < 2 || up.shape().length < 2 || down.shape()[0] != up.shape()[1]) {
      throw new LoraException(file + ": layer '" + prefix + "' has down shape " + shape(down.shape()) + " and up"
          + " shape " + shape(up.shape()) + ", which are not a rank-r pair ([r, in…] and [out, r…]); the file is"
          + " damaged: re-export the LoRA");
    }
    double alpha = Double.NaN;
    if (parts.alpha != null) {
      float[] a = st.floats(parts.alpha);
      if (a.length != 1) {
        throw new LoraException(file + ": '" + parts.alpha + "' should hold one value, it holds " + a.length);
      }
      alpha = a[0];
    } else if (!kohya) {
      alpha = peftAlpha.alpha(component, name);
    }
    return new AdapterModule(prefix, component, name, kohya, st.floats(parts.down), down.shape(),
        st.floats(parts.up), up.shape(), alpha);
  }

  static String shape(long[] shape) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      b.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return b.append(']').toString();
  }

  public Path file() {
    return file;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public List<AdapterModule> modules() {
    return modules;
  }

  /** The model parts the file changes. */
  public Set<Component> components() {
    Set<Component> parts = EnumSet.noneOf(Component.class);
    modules.forEach(m -> parts.add(m.component()));
    return parts;
  }

  /**
   * True when the file says it was made for SDXL: kohya's {@code ss_base_model_version}, or keys for a second
   * text encoder.
   */
  public boolean madeForSdxl() {
    String base = metadata.getOrDefault("ss_base_model_version", "").toLowerCase(Locale.ROOT);
    return base.contains("sdxl") || components().contains(Component.TEXT_ENCODER_2);
  }

  private static final class Parts {
    String down;
    String up;
    String alpha;
  }

  private enum Role { DOWN, UP, ALPHA }

  private record Suffix(String text, Role role) {
    private static final Suffix[] ALL = {
        new Suffix(".lora_down.weight", Role.DOWN), new Suffix(".lora_up.weight", Role.UP),
        new Suffix(".alpha", Role.ALPHA), new Suffix(".lora_A.weight", Role.DOWN),
        new Suffix(".lora_B.weight", Role.UP), new Suffix(".lora.down.weight", Role.DOWN),
        new Suffix(".lora.up.weight", Role.UP),
        // Older diffusers files: text-encoder LoRA layers and U-Net attention processors.
        new Suffix(".lora_linear_layer.down.weight", Role.DOWN), new Suffix(".lora_linear_layer.up.weight", Role.UP),
        new Suffix("_lora.down.weight", Role.DOWN), new Suffix("_lora.up.weight", Role.UP)};

    static Suffix of(String key) {
      for (Suffix s : ALL) {
        if (key.endsWith(s.text)) {
          return s;
        }
      }
      return null;
    }
  }

  /**
   * PEFT's {@code lora_alpha} (and {@code alpha_pattern}) from the header's {@code lora_adapter_metadata} JSON, which
   * diffusers writes either flat or per component ({@code "unet.lora_alpha"}).
   */
  private record PeftAlpha(JsonNode meta) {
    static PeftAlpha from(Path file, Map<String, String> metadata) {
      String text = metadata.get("lora_adapter_metadata");
      if (text == null) {
        return new PeftAlpha(null);
      }
      try {
        return new PeftAlpha(JSON.readTree(text));
      } catch (IOException e) {
        throw new LoraException(file + ": lora_adapter_metadata in the header is not JSON (" + e.getMessage() + ")", e);
      }
    }

    double alpha(Component component, String module) {
      if (meta == null || !meta.isObject()) {
        return Double.NaN;
      }
      String scoped = component.folder() + ".";
      JsonNode patterns = meta.has(scoped + "alpha_pattern") ? meta.get(scoped + "alpha_pattern")
          : meta.get("alpha_pattern");
      if (patterns != null && patterns.isObject()) {
        for (Map.Entry<String, JsonNode> p : patterns.properties()) {
          if (module.equals(p.getKey()) || module.endsWith("." + p.getKey())) {
            return p.getValue().asDouble();
          }
        }
      }
      JsonNode alpha = meta.has(scoped + "lora_alpha") ? meta.get(scoped + "lora_alpha") : meta.get("lora_alpha");
      return alpha != null && alpha.isNumber() ? alpha.asDouble() : Double.NaN;
    }
  }
}
