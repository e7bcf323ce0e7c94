package dev.latentq.engine.pipeline;

import dev.latentq.engine.image.RgbImage;

/**
 * A finished sample's image.
 *
 * @param owner the sample's owner (its job)
 * @param index the image's index within its job
 */
public record DecodedImage(Object owner, int index, RgbImage image) {}
