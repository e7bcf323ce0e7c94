package dev.latentq.engine.pipeline;

import dev.latentq.engine.image.PixelConverter;
import dev.latentq.engine.model.LatentEncoder.EncodedLatents;
import dev.latentq.engine.scheduler.SchedulePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  Optional<String> check(RequestShape request) {
    int multiple = model.sizeMultiple();
    if (request.width() % multiple != 0 || request.height() % multiple != 0) {
      return Optional.of("size " + request.width() + "x" + request.height() + " is not supported by model "
          + model.name() + ": width and height must be multiples of " + multiple + ", e.g. "
          + nearest(request.width(), multiple) + "x" + nearest(request.height(), multiple));
    }
    if (request.initImage() && !model.supportsInitImage()) {
      return Optional.of("model " + model.name() + " has no vae_encoder, so it cannot start from an init image;"
          + " export the VAE encoder or drop the init image");
    }
    try {
      model.scheduler(request.scheduler()).plan(request.steps(), request.strength());
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  /** The multiple of {@code multiple} nearest to {@code side}, at least {@code multiple}. */
  private static int nearest(int side, int multiple) {
    return Math.max(multiple, Math.round(side / (float) multiple) * multiple);
  }

  List<Sample> prepare(GenerationRequest request, Object owner) {
    check(request.shape()).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    DiffusionModel.Parts parts = model.parts();
    boolean embedsGuidance = model.embedsGuidance();
    boolean guided = !embedsGuidance && request.guidanceScale() > 1.0;
    Conditioning conditioning = parts.prompts().encode(request.prompt(), request.negativePrompt(), guided,
        request.height(), request.width());
    if (embedsGuidance) {
      float[] embedding = GuidanceEmbedding.of(request.guidanceScale(), parts.unet().signature().timestepCond().width());
      conditioning = new Conditioning(conditioning.positive().withTimestepCond(embedding), null);
    }
    SchedulePlan plan = model.scheduler(request.scheduler()).plan(request.steps(), request.strength());
    int channels = parts.unet().signature().latentChannels();
    int h = request.height() / model.vaeScaleFactor();
    int w = request.width() / model.vaeScaleFactor();
    int elements = channels * h * w;
    NoiseStream noise = new NoiseStream(request.seed(), request.numImages(), elements, 1 + noisySteps(plan),
        model.noisePrefetcher());
    float[] initLatents = request.hasInitImage() ? encodeInitImage(request, noise, channels, h, w) : null;
    List<Sample> samples = new ArrayList<>(request.numImages());
    for (int k = 0; k < request.numImages(); k++) {
      float[] latents = new float[elements];
      noise.read(0, k, latents);
      if (initLatents == null) {
        float sigma = plan.initNoiseSigma();
        for (int i = 0; i < elements; i++) {
          latents[i] *= sigma;
        }
      } else {
        plan.addNoise(initLatents, latents, latents);
      }
      samples.add(new Sample(new Sample.Spec(owner, k, conditioning, request.guidanceScale(), plan, noise,
          channels, h, w), latents));
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
   * The init image's latents: encoded once, sampled from the posterior with the job's generator when the export
   * returns distribution parameters (before the starting noise, as diffusers draws them), then scaled.
   */
  private float[] encodeInitImage(GenerationRequest request, NoiseStream noise, int channels, int h, int w) {
    float[] pixels = PixelConverter.toModelInput(request.initImage());
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
      noise.drawExtra(eps, elements);
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
