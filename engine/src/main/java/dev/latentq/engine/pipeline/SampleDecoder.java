package dev.latentq.engine.pipeline;

import dev.latentq.engine.image.PixelConverter;
import dev.latentq.engine.model.LatentDecoder;
import dev.latentq.engine.model.LatentDecoder.DecodedPixels;
import dev.latentq.engine.model.VaeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes finished samples: latents to the VAE's space ({@code / scaling_factor}), the VAE decoder in small
 * batches of equal size, then pixels {@code clamp(x/2+0.5, 0, 1) * 255} rounded like numpy.
 */
final class SampleDecoder {
  /** Decoder activations grow with the square of the image side; a few images per call keep memory bounded. */
  private static final int MAX_IMAGES_PER_CALL = 4;

  private final LatentDecoder decoder;
  private final VaeConfig vae;

  SampleDecoder(LatentDecoder decoder, VaeConfig vae) {
    this.decoder = decoder;
    this.vae = vae;
  }

  List<DecodedImage> decode(List<Sample> finished) {
    return decode(finished, MAX_IMAGES_PER_CALL);
  }

  List<DecodedImage> decode(List<Sample> finished, int imagesPerCall) {
    Map<List<Integer>, List<Sample>> bySize = new LinkedHashMap<>();
    for (Sample s : finished) {
      bySize.computeIfAbsent(List.of(s.latentChannels(), s.latentHeight(), s.latentWidth()), k -> new ArrayList<>())
          .add(s);
    }
    Map<Sample, DecodedImage> images = new LinkedHashMap<>();
    for (List<Sample> group : bySize.values()) {
      for (int from = 0; from < group.size(); from += imagesPerCall) {
        List<Sample> chunk = group.subList(from, Math.min(group.size(), from + imagesPerCall));
        decodeChunk(chunk, images);
      }
    }
    List<DecodedImage> ordered = new ArrayList<>(finished.size());
    for (Sample s : finished) {
      ordered.add(images.get(s));
    }
    return ordered;
  }

  private void decodeChunk(List<Sample> chunk, Map<Sample, DecodedImage> out) {
    Sample first = chunk.get(0);
    int channels = first.latentChannels();
    int plane = first.latentHeight() * first.latentWidth();
    int elements = channels * plane;
    float[] latents = new float[chunk.size() * elements];
    for (int i = 0; i < chunk.size(); i++) {
      System.arraycopy(chunk.get(i).latents(), 0, latents, i * elements, elements);
      vae.toDecoderInput(latents, i * elements, channels, plane);
    }
    DecodedPixels pixels = decoder.decode(latents, chunk.size(), channels, first.latentHeight(), first.latentWidth());
    int imageValues = 3 * pixels.height() * pixels.width();
    for (int i = 0; i < chunk.size(); i++) {
      Sample s = chunk.get(i);
      out.put(s, new DecodedImage(s.owner(), s.index(),
          PixelConverter.toRgb(pixels.values(), i * imageValues, pixels.width(), pixels.height())));
    }
  }
}
