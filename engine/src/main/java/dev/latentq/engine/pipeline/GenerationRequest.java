package dev.latentq.engine.pipeline;

import dev.latentq.engine.image.MaskImage;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that determines a job's images, already resolved against the model's defaults. Same request, same
 * model: same pixels (the seed contract: image k comes from slice k of numpy's {@code RandomState(seed)} draws).
 *
 * <p>Build one with {@link DiffusionModel#request(String)} (the model's own defaults) or {@link #builder(String)},
 * and derive variants with {@link #toBuilder()}:
 *
 * <pre>{@code
 * GenerationRequest request = model.request("a red circle").seed(42).steps(20).build();
 * GenerationRequest other = request.toBuilder().seed(43).build();
 * }</pre>
 *
 * @param negativePrompt empty for none
 * @param seed in [0, 2^32), numpy's seed range
 * @param steps inference steps as diffusers counts them ({@code num_inference_steps})
 * @param guidanceScale classifier-free guidance runs only when > 1 (LCM models embed it instead)
 * @param initImage img2img start image at the requested size, or null for text-to-image
 * @param strength img2img strength in (0, 1]; 1 for text-to-image
 * @param promptSyntax how the prompt and negative prompt are read; {@link PromptSyntax#PLAIN} when null
 * @param mask inpainting mask (grey, at least 128 = repaint) of the init image's size, or null for none
 * @param loras LoRAs merged into the model for this request ({@link LoraSet#NONE} for none); jobs share U-Net
 *     calls only with jobs of an equal set
 */
public record GenerationRequest(
    String prompt,
    String negativePrompt,
    long seed,
    int steps,
    double guidanceScale,
    SchedulerKind scheduler,
    int width,
    int height,
    int numImages,
    RgbImage initImage,
    double strength,
    PromptSyntax promptSyntax,
    MaskImage mask,
    LoraSet loras) {

  public static final long MAX_SEED = 0xFFFF_FFFFL;

  public GenerationRequest {
    loras = loras == null ? LoraSet.NONE : loras;
    if (prompt == null) {
      throw new IllegalArgumentException("prompt is required");
    }
    negativePrompt = negativePrompt == null ? "" : negativePrompt;
    promptSyntax = promptSyntax == null ? PromptSyntax.PLAIN : promptSyntax;
    if (seed < 0 || seed > MAX_SEED) {
      throw new IllegalArgumentException("seed " + seed + " is outside [0, " + MAX_SEED + "] (numpy's seed range)");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    if (!(guidanceScale >= 0) || Double.isInfinite(guidanceScale)) {
      throw new IllegalArgumentException("guidance scale must be a finite number >= 0, got " + guidanceScale);
    }
    if (width <= 0 || height <= 0 || width % 8 != 0 || height % 8 != 0) {
      throw new IllegalArgumentException("size " + width + "x" + height + " must be positive multiples of 8");
    }
    if (numImages < 1) {
      throw new IllegalArgumentException("number of images must be >= 1, got " + numImages);
    }
    if (initImage == null) {
      strength = 1.0;
    } else if (!(strength > 0 && strength <= 1)) {
      throw new IllegalArgumentException("strength must be in (0, 1], got " + strength);
    } else if (initImage.width() != width || initImage.height() != height) {
      throw new IllegalArgumentException("init image is " + initImage.width() + "x" + initImage.height()
          + " but the request is " + width + "x" + height + ": resize it first");
    }
    if (mask != null && initImage == null) {
      throw new IllegalArgumentException("a mask needs an init image (inpainting repaints the masked part of the"
          + " init image): add the init image or drop the mask");
    }
    if (mask != null && (mask.width() != width || mask.height() != height)) {
      throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height() + " but the init image is "
          + width + "x" + height + ": use a mask of the image's size");
    }
  }

  /**
   * A builder with diffusers' generic defaults (512x512, 50 steps, guidance 7.5, DDIM, seed 0, one image); prefer
   * {@link DiffusionModel#request(String)}, which starts from the model's own defaults.
   */
  public static Builder builder(String prompt) {
    return new Builder(prompt);
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    return new Builder(prompt).negativePrompt(negativePrompt).seed(seed).steps(steps).guidanceScale(guidanceScale)
        .scheduler(scheduler).size(width, height).images(numImages).initImage(initImage, strength)
        .promptSyntax(promptSyntax).mask(mask).loras(loras);
  }

  /** What a model checks about this request. */
  public RequestShape shape() {
    return new RequestShape(width, height, scheduler, steps, strength, hasInitImage(), hasMask());
  }

  /** True for img2img and inpainting. */
  public boolean hasInitImage() {
    return initImage != null;
  }

  /** True for inpainting. */
  public boolean hasMask() {
    return mask != null;
  }

  /** Collects a request's values; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private String prompt;
    private String negativePrompt = "";
    private long seed;
    private int steps = 50;
    private double guidanceScale = 7.5;
    private SchedulerKind scheduler = SchedulerKind.DDIM;
    private int width = 512;
    private int height = 512;
    private int numImages = 1;
    private RgbImage initImage;
    private double strength = 1.0;
    private PromptSyntax promptSyntax = PromptSyntax.PLAIN;
    private MaskImage mask;
    private final List<LoraWeight> loras = new ArrayList<>();

    private Builder(String prompt) {
      this.prompt = prompt;
    }

    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    /** Empty or null for none. */
    public Builder negativePrompt(String negativePrompt) {
      this.negativePrompt = negativePrompt;
      return this;
    }

    /** In [0, 2^32). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    public Builder guidanceScale(double guidanceScale) {
      this.guidanceScale = guidanceScale;
      return this;
    }

    public Builder scheduler(SchedulerKind scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** Pixels, multiples of the model's spatial multiple. */
    public Builder size(int width, int height) {
      this.width = width;
      this.height = height;
      return this;
    }

    public Builder images(int numImages) {
      this.numImages = numImages;
      return this;
    }

    /**
     * img2img: start from {@code image} (already at the request's size; null for text-to-image) at
     * {@code strength} in (0, 1].
     */
    public Builder initImage(RgbImage image, double strength) {
      this.initImage = image;
      this.strength = strength;
      return this;
    }

    /** How the prompts are read (default {@link PromptSyntax#PLAIN}, diffusers' reading). */
    public Builder promptSyntax(PromptSyntax promptSyntax) {
      this.promptSyntax = promptSyntax;
      return this;
    }

    /**
     * Inpainting: repaint where {@code mask} is at least 128 (null for none); needs an init image of the same
     * size, which is kept elsewhere up to the VAE's reconstruction.
     */
    public Builder mask(MaskImage mask) {
      this.mask = mask;
      return this;
    }

    /** Adds a LoRA file at a strength (1 as trained); several stack, in any order. */
    public Builder lora(Path file, double scale) {
      loras.add(new LoraWeight(file, scale));
      return this;
    }

    /** Replaces the LoRAs with {@code set}. */
    public Builder loras(LoraSet set) {
      loras.clear();
      loras.addAll(set.weights());
      return this;
    }

    /** The request; throws {@link IllegalArgumentException} naming the first invalid value. */
    public GenerationRequest build() {
      return new GenerationRequest(prompt, negativePrompt, seed, steps, guidanceScale, scheduler, width, height,
          numImages, initImage, strength, promptSyntax, mask, new LoraSet(loras));
    }
  }
}
