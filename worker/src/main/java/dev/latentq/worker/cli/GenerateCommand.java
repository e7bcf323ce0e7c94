package dev.latentq.worker.cli;

import dev.latentq.engine.image.InitImageReader;
import dev.latentq.engine.image.MaskImage;
import dev.latentq.engine.image.PngEncoder;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.lora.LoraAdapter;
import dev.latentq.engine.lora.LoraException;
import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.model.ExecutionProvider;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.SessionTuning;
import dev.latentq.engine.pipeline.DecodedImage;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationParameters;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.pipeline.OneShotGenerator;
import dev.latentq.engine.pipeline.RequestDefaults;
import dev.latentq.engine.prompt.AttentionParser;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Generates images from a prompt into {@code OUT/0.png … OUT/{n-1}.png} and prints a one-line summary. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Generate images with a diffusers-layout ONNX model; writes OUT/0.png .. OUT/{N-1}.png.")
final class GenerateCommand implements Callable<Integer> {
  static final int MAX_STEPS = 1000;
  static final int MAX_SIDE = 4096;

  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder (diffusers layout).")
  Path model;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT")
  String prompt;

  @Option(names = "--negative-prompt", defaultValue = "", paramLabel = "TEXT")
  String negativePrompt;

  @Option(names = "--seed", paramLabel = "N", description = "0..4294967295; random (and printed) when absent.")
  Long seed;

  @Option(names = "--steps", paramLabel = "N", description = "Inference steps (default 50; 4 for LCM models).")
  Integer steps;

  @Option(names = "--guidance", paramLabel = "G",
      description = "Guidance scale; classifier-free guidance runs when > 1 (default 7.5; 5 for SDXL, 8.5 for LCM).")
  Double guidance;

  @Option(names = "--scheduler", paramLabel = "NAME",
      description = "ddim, pndm, euler, euler_a, dpmpp_2m, dpmpp_2m_karras, lcm (default: the model's).")
  String scheduler;

  @Option(names = "--width", paramLabel = "W", description = "Multiple of 8 (default: the model's native size).")
  Integer width;

  @Option(names = "--height", paramLabel = "H", description = "Multiple of 8 (default: the model's native size).")
  Integer height;

  @Option(names = "--images", defaultValue = "1", paramLabel = "N", description = "Images to generate (default 1).")
  int images;

  @Option(names = "--init-image", paramLabel = "PNG", description = "Start image for img2img and inpainting (PNG or"
      + " JPEG), used at its own size: --width/--height default to it and must equal it when given.")
  Path initImage;

  @Option(names = "--mask", paramLabel = "PNG", description = "Inpainting mask of the init image's size: 8-bit grey"
      + " (colour is converted), repaints where >= 128.")
  Path mask;

  @Option(names = "--strength", paramLabel = "S",
      description = "img2img/inpainting strength in (0, 1] (default 0.8 for img2img, 1 for inpainting).")
  Double strength;

  @Option(names = "--prompt-syntax", defaultValue = "plain", paramLabel = "SYNTAX",
      description = "plain (default: brackets are text, prompts cut at 75 tokens, as diffusers) or a1111"
          + " (AUTOMATIC1111 emphasis (x) [x] (x:1.3), BREAK, prompts of any length in 75-token chunks).")
  String promptSyntax;
  @Option(names = "--lora", paramLabel = "FILE[:SCALE]",
      description = "A LoRA (.safetensors: kohya, LoCon or diffusers/PEFT) at a strength (default 1.0); repeatable.")
  List<String> loras = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
  Path out;

  @Option(names = "--provider", defaultValue = "cpu", paramLabel = "NAME", description = "cpu, cuda or tensorrt.")
  String provider;

  @Option(names = "--device", defaultValue = "0", paramLabel = "N", description = "GPU ordinal for cuda/tensorrt.")
  int device;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "ONNX Runtime intra-op threads (0: one per core).")
  int threads;

  @Option(names = "--session-settings", defaultValue = "engine", paramLabel = "SETTINGS",
      description = "ONNX Runtime session settings: engine (default) or ort (ONNX Runtime's own defaults), then"
          + " changes such as arena=off,pattern=off,prepacking=off,optimization=basic,spinning=on,"
          + "lazy-vae-encoder=off (see docs/benchmarks.md, Memory).")
  String sessionSettings;

  @Option(names = "--max-batch", defaultValue = "16", paramLabel = "ROWS",
      description = "Most U-Net rows per call (a guided image takes two).")
  int maxBatch;

  @Override
  public Integer call() throws IOException {
    checkInputs();
    // Read before the (slow) model load so a bad file fails at once.
    RgbImage init = initImage == null ? null : readInitImage();
    MaskImage maskImage = mask == null ? null : readMask(init);
    LoraSet loraSet = loraOption();
    RuntimeOptions runtime = new RuntimeOptions(providerOption(), device, threads, "", sessionTuningOption());
    long started = System.nanoTime();
    try (DiffusionModel diffusion = DiffusionModel.load(model, runtime); PngEncoder png = new PngEncoder()) {
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      GenerationRequest request = request(diffusion, init, maskImage).toBuilder().loras(loraSet).build();
      diffusion.check(request).ifPresent(problem -> {
        throw new UsageException(problem);
      });
      diffusion.checkLoras(loraSet).ifPresent(problem -> {
        throw new UsageException(problem);
      });
      List<DecodedImage> generated = new OneShotGenerator(diffusion, Math.max(2, maxBatch)).generate(request);
      Files.createDirectories(out);
      List<Path> written = new ArrayList<>();
      for (DecodedImage image : generated) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("parameters", GenerationParameters.describe(diffusion.name(), request, image.index(),
            Version.current()));
        Path file = out.resolve(image.index() + ".png");
        Files.write(file, png.encode(image.image(), text));
        written.add(file);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      spec.commandLine().getOut().println(String.format(Locale.ROOT,
          "generated %d image%s %dx%d with %s (%s, %d steps, guidance %s, seed %d%s%s) in %.2f s"
              + " (model load %.2f s): %s",
          written.size(), written.size() == 1 ? "" : "s", request.width(), request.height(), diffusion.name(),
          request.scheduler().wireName(), request.steps(), request.guidanceScale(), request.seed(),
          (request.hasMask() ? ", inpainting" : "") + (request.hasInitImage() ? ", strength " + request.strength()
              : "") + (request.loras().isEmpty() ? "" : ", LoRA " + request.loras()),
          request.promptSyntax() == PromptSyntax.PLAIN ? "" : ", prompt syntax " + request.promptSyntax().wireName(),
          seconds, loadSeconds, out.resolve("{0.."
              + (written.size() - 1) + "}.png")));
      return 0;
    } catch (IOException e) {
      throw new UsageException("cannot write images to " + out + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private SessionTuning sessionTuningOption() {
    try {
      return SessionTuning.parse(sessionSettings);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--session-settings: " + e.getMessage());
    }
  }

  private void checkInputs() {
    if (!Files.isDirectory(model)) {
      throw new UsageException("model folder " + model + " does not exist: pass --model with a diffusers-layout"
          + " ONNX export (e.g. models/shapes-sd)");
    }
    if (steps != null && (steps < 1 || steps > MAX_STEPS)) {
      throw new UsageException("--steps " + steps + " is out of range: use 1.." + MAX_STEPS);
    }
    checkSide("--width", width);
    checkSide("--height", height);
    if (images < 1 || images > 64) {
      throw new UsageException("--images " + images + " is out of range: use 1..64");
    }
    if (seed != null && (seed < 0 || seed > GenerationRequest.MAX_SEED)) {
      throw new UsageException("--seed " + seed + " is out of range: use 0.." + GenerationRequest.MAX_SEED
          + " (numpy's seed range)");
    }
    if (guidance != null && (!(guidance >= 0) || guidance > 100)) {
      throw new UsageException("--guidance " + guidance + " is out of range: use 0..100");
    }
    if (strength != null && initImage == null) {
      throw new UsageException("--strength needs --init-image: strength only applies to img2img");
    }
    if (mask != null && initImage == null) {
      throw new UsageException("--mask needs --init-image: the mask marks what to repaint in the init image");
    }
    if (strength != null && !(strength > 0 && strength <= 1)) {
      throw new UsageException("--strength " + strength + " is out of range: use a value in (0, 1]");
    }
    if (scheduler != null) {
      schedulerOption();
    }
    providerOption();
    sessionTuningOption();
    if (PromptSyntaxOption.parse(promptSyntax) == PromptSyntax.A1111) {
      // Syntax errors need no model: report them before the (slow) load.
      try {
        AttentionParser.parse(prompt);
        AttentionParser.parse(negativePrompt);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--prompt-syntax a1111: " + e.getMessage(), e);
      }
    }
  }

  private static void checkSide(String option, Integer side) {
    if (side == null) {
      return;
    }
    if (side % 8 != 0) {
      int lower = Math.max(8, side / 8 * 8);
      throw new UsageException(option + " " + side + " is not a multiple of 8: use e.g. " + lower + " or "
          + (lower + 8));
    }
    if (side < 8 || side > MAX_SIDE) {
      throw new UsageException(option + " " + side + " is out of range: use a multiple of 8 in 8.." + MAX_SIDE);
    }
  }

  private SchedulerKind schedulerOption() {
    try {
      return SchedulerKind.fromName(scheduler);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--scheduler: " + e.getMessage(), e);
    }
  }

  private ExecutionProvider providerOption() {
    try {
      return ExecutionProvider.fromName(provider);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--provider: " + e.getMessage(), e);
    }
  }

  private GenerationRequest request(DiffusionModel diffusion, RgbImage init, MaskImage maskImage) {
    SchedulerKind kind = scheduler == null ? diffusion.defaultScheduler() : schedulerOption();
    // img2img takes its size from the init image, as diffusers' image-to-image pipelines do.
    int w = width != null ? width : init != null ? init.width() : diffusion.defaultWidth();
    int h = height != null ? height : init != null ? init.height() : diffusion.defaultHeight();
    if (init != null) {
      checkInitImageSize(init, w, h);
    }
    return GenerationRequest.builder(prompt).negativePrompt(negativePrompt)
        .seed(seed == null ? new SecureRandom().nextLong(GenerationRequest.MAX_SEED + 1) : seed)
        .steps(steps == null ? RequestDefaults.steps(diffusion, kind) : steps)
        .guidanceScale(guidance == null ? RequestDefaults.guidance(diffusion, kind) : guidance)
        .scheduler(kind).size(w, h).images(images)
        .initImage(init, strength != null ? strength : init == null || maskImage != null ? 1.0 : 0.8)
        .mask(maskImage).promptSyntax(PromptSyntaxOption.parse(promptSyntax)).build();
  }

  /**
   * Init images are used at their own size, never resampled: resizing would have to match PIL's Lanczos filter
   * pixel for pixel to keep diffusers' images, so the user resizes with the tool of their choice instead.
   */
  private void checkInitImageSize(RgbImage init, int w, int h) {
    if (init.width() == w && init.height() == h) {
      if (w % 8 != 0 || h % 8 != 0) {
        throw new UsageException("--init-image " + initImage + " is " + w + "x" + h + ", not a multiple of 8 on"
            + " both sides: crop or resize it to e.g. " + Math.max(8, w / 8 * 8) + "x" + Math.max(8, h / 8 * 8));
      }
      return;
    }
    throw new UsageException("--init-image " + initImage + " is " + init.width() + "x" + init.height()
        + " but --width/--height ask for " + w + "x" + h + ": drop --width/--height to generate at the image's"
        + " size, or resize the image to " + w + "x" + h + " first (init images are not resampled)");
  }

  private MaskImage readMask(RgbImage init) {
    MaskImage read;
    try {
      read = InitImageReader.readMask(mask);
    } catch (IOException | RuntimeException e) {
      throw new UsageException("cannot read --mask " + mask + ": " + e.getMessage(), e);
    }
    if (read.width() != init.width() || read.height() != init.height()) {
      throw new UsageException("--mask " + mask + " is " + read.width() + "x" + read.height() + " but --init-image "
          + initImage + " is " + init.width() + "x" + init.height() + ": use a mask of the image's size");
    }
    return read;
  }

  /**
   * {@code --lora FILE[:SCALE]}: the scale is what follows the last colon when it is a number. Each file's header
   * is read now, so a missing or broken file fails before the model loads.
   */
  private LoraSet loraOption() {
    List<LoraWeight> weights = new ArrayList<>();
    for (String value : loras) {
      Path file = Path.of(value);
      double scale = 1.0;
      int colon = value.lastIndexOf(':');
      if (colon > 0) {
        try {
          scale = Double.parseDouble(value.substring(colon + 1));
          file = Path.of(value.substring(0, colon));
        } catch (NumberFormatException e) {
          // No scale: the colon belongs to the path.
        }
      }
      if (!Double.isFinite(scale) || Math.abs(scale) > 100) {
        throw new UsageException("--lora " + value + ": scale " + scale + " is out of range: use -100..100"
            + " (1.0 applies the LoRA as trained)");
      }
      try {
        LoraAdapter.read(file);
      } catch (LoraException e) {
        throw new UsageException("--lora " + value + ": " + e.getMessage(), e);
      }
      weights.add(new LoraWeight(file, scale));
    }
    return new LoraSet(weights);
  }

  private RgbImage readInitImage() {
    try {
      return InitImageReader.read(initImage);
    } catch (IOException | RuntimeException e) {
      // The reader's messages already name the fix (send a PNG or JPEG, check the path).
      throw new UsageException("cannot read --init-image " + initImage + ": " + e.getMessage(), e);
    }
  }
}
