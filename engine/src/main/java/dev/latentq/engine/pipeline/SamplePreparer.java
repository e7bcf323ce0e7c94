package dev.latentq.engine.pipeline;

import dev.latentq.engine.image.PixelConverter;
import dev.latentq.engine.model.LatentEncoder.EncodedLatents;
import dev.latentq.engine.scheduler.SchedulePlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request into samples the way diffusers' pipelines prepare them: conditioning (with classifier-free
 * guidance only when guidance > 1 and the U-Net does not embed guidance), the scheduler plan, and starting
 * latents from the job's random stream — pure noise times {@code init_noise_sigma}, or for img2img the encoded
 * init image noised to the plan's first timestep.
 */
final class SamplePreparer {
  private final DiffusionModel model;

  SamplePreparer(DiffusionModel model) {
    this.model = model;
  }

  List<Sample> prepare(GenerationRequest request, Object owner) {
    requireRunnable(request);
    // Counted as used from here: an idle variant may be evicted, one whose samples are being denoised may not.
    ModelVariant variant = model.acquire(request.loras(), request.numImages());
    try {
      return build(request, owner, variant, variant.prompts().encode(prompt(request)));
    } catch (RuntimeException e) {
      // No sample exists to leave a batch and release it: without this, the variant could never be evicted.
      variant.release(request.numImages());
      throw e;
    }
  }

  /**
   * Prepares several requests, the prompts of those without LoRAs encoded in one text-encoder call (a LoRA set
   * patches its own text encoder, so those encode alone). One request's failure (a bad shape, a LoRA that does not
   * apply, or an encoder error that also occurs when its prompt is encoded alone) fails only that request.
   */
  List<DiffusionModel.Prepared> prepareAll(List<GenerationRequest> requests, List<?> owners) {
    DiffusionModel.Prepared[] out = new DiffusionModel.Prepared[requests.size()];
    List<Integer> runnable = new ArrayList<>();
    List<ModelVariant> variants = new ArrayList<>();
    List<PromptEncoder.Prompt> shared = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      GenerationRequest request = requests.get(i);
      try {
        requireRunnable(request);
        variants.add(model.acquire(request.loras(), request.numImages()));
        runnable.add(i);
        if (request.loras().isEmpty()) {
          shared.add(prompt(request));
        }
      } catch (RuntimeException e) {
        // Any failure here fails this request only; the variants acquired for the others stay counted for them.
        out[i] = DiffusionModel.Prepared.failed(e);
      }
    }
    List<Conditioning> encoded;
    try {
      encoded = shared.isEmpty() ? List.of() : model.parts().prompts().encodeAll(shared);
    } catch (RuntimeException e) {
      // Find out whose prompt fails by encoding them one by one below.
      encoded = null;
    }
    int next = 0;
    for (int k = 0; k < runnable.size(); k++) {
      int i = runnable.get(k);
      GenerationRequest request = requests.get(i);
      ModelVariant variant = variants.get(k);
      boolean inShared = request.loras().isEmpty();
      int sharedIndex = inShared ? next++ : -1;
      try {
        Conditioning c = inShared && encoded != null ? encoded.get(sharedIndex)
            : variant.prompts().encode(prompt(request));
        out[i] = DiffusionModel.Prepared.of(build(request, owners.get(i), variant, c));
      } catch (RuntimeException e) {
        variant.release(request.numImages());
        out[i] = DiffusionModel.Prepared.failed(e);
      }
    }
    return List.of(out);
  }

  private void requireRunnable(GenerationRequest request) {
    model.check(request).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
  }

  private PromptEncoder.Prompt prompt(GenerationRequest request) {
    return new PromptEncoder.Prompt(request.prompt(), request.negativePrompt(), request.promptSyntax(),
        model.guided(request), request.height(), request.width());
  }

  private List<Sample> build(GenerationRequest request, Object owner, ModelVariant variant, Conditioning encoded) {
    DiffusionModel.Parts parts = model.parts();
    boolean embedsGuidance = model.embedsGuidance();
    Conditioning conditioning = encoded;
    if (embedsGuidance) {
      float[] embedding = GuidanceEmbedding.of(request.guidanceScale(),
          parts.unet().signature().timestepCond().width());
      conditioning = new Conditioning(conditioning.positive().withTimestepCond(embedding), null);
    }
    SchedulePlan plan = model.scheduler(request.scheduler()).plan(request.steps(), request.strength());
    int channels = parts.unet().signature().latentChannels();
    int h = request.height() / model.vaeScaleFactor();
    int w = request.width() / model.vaeScaleFactor();
    int elements = channels * h * w;
    NoiseStream noise = new NoiseStream(request.seed(), request.numImages(), elements, 1 + noisySteps(plan),
        model.noisePrefetcher());
    boolean inpaint = request.hasMask();
    boolean unetInpaints = parts.unet().signature().inpainting();
    float[] pixels = request.hasInitImage() ? PixelConverter.toModelInput(request.initImage()) : null;
    // diffusers' inpainting starts from pure noise at strength 1 and, with an inpainting U-Net, then never needs
    // the init latents; img2img always noises the init latents, even at strength 1
    boolean pureNoise = !request.hasInitImage() || (inpaint && request.strength() == 1.0);
    boolean needInitLatents = request.hasInitImage() && (!pureNoise || !unetInpaints);
    float[] initLatents = needInitLatents ? encode(pixels, request, noise, channels, h, w) : null;
    InpaintInputs masked = inpaint ? InpaintInputs.of(pixels, request.mask(), model.vaeScaleFactor()) : null;
    float[] unetExtra = null;
    if (inpaint && unetInpaints) {
      // the masked image is encoded after the starting noise is drawn; a posterior would need a draw then, which
      // the job's stream cannot give, so its mean is used (exports that return the mode are exact)
      float[] maskedLatents = encode(masked.maskedPixels(), request, null, channels, h, w);
      unetExtra = new float[masked.latentMask().length + maskedLatents.length];
      System.arraycopy(masked.latentMask(), 0, unetExtra, 0, masked.latentMask().length);
      System.arraycopy(maskedLatents, 0, unetExtra, masked.latentMask().length, maskedLatents.length);
    }
    List<Sample> samples = new ArrayList<>(request.numImages());
    for (int k = 0; k < request.numImages(); k++) {
      float[] latents = new float[elements];
      noise.read(0, k, latents);
      LatentBlend blend = inpaint && !unetInpaints
          ? new LatentBlend(masked.latentMask(), initLatents, latents.clone()) : null;
      if (pureNoise) {
        float sigma = plan.initNoiseSigma();
        for (int i = 0; i < elements; i++) {
          latents[i] *= sigma;
        }
      } else {
        plan.addNoise(initLatents, latents, latents);
      }
      samples.add(new Sample(new Sample.Spec(owner, k, conditioning, request.guidanceScale(), plan, noise,
          channels, h, w, variant), latents, unetExtra, blend));
    }
    return samples;
  }

  private static int noisySteps(SchedulePlan plan) {
    int count = 0;
    for (int i = 0; i < plan.length(); i++) {
      count += plan.needsNoise(i) ? 1 : 0;
    }
    return count;
  }

  /**
   * An image's latents: encoded once, sampled from the posterior with the job's generator when the export
   * returns distribution parameters (before the starting noise, as diffusers draws them; its mean when
   * {@code noise} is null), then scaled.
   */
  private float[] encode(float[] pixels, GenerationRequest request, NoiseStream noise, int channels, int h, int w) {
    EncodedLatents encoded = model.parts().encoder().encode(pixels, 1, request.height(), request.width());
    if (encoded.height() != h || encoded.width() != w) {
      throw new IllegalStateException("vae_encoder returned " + encoded.height() + "x" + encoded.width()
          + " latents for a " + request.width() + "x" + request.height() + " image; expected " + w + "x" + h);
    }
    int elements = channels * h * w;
    float[] latents = new float[elements];
    if (encoded.parameters()) {
      if (encoded.channels() != 2 * channels) {
        throw new IllegalStateException("vae_encoder returned " + encoded.channels()
            + " parameter channels; expected mean and log-variance for " + channels + " latent channels");
      }
      float[] eps = new float[elements];
      if (noise != null) {
        noise.drawExtra(eps, elements);
      }
      float[] values = encoded.values();
      for (int i = 0; i < elements; i++) {
        float logvar = Math.max(-30f, Math.min(20f, values[elements + i]));
        float std = (float) Math.exp(0.5f * logvar);
        latents[i] = values[i] + std * eps[i];
      }
    } else {
      if (encoded.channels() != channels) {
        throw new IllegalStateException("vae_encoder returned " + encoded.channels() + " latent channels; the unet"
            + " takes " + channels);
      }
      System.arraycopy(encoded.values(), 0, latents, 0, elements);
    }
    model.parts().vae().fromEncoderOutput(latents, 0, channels, h * w);
    return latents;
  }
}
