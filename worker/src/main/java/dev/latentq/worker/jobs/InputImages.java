package dev.latentq.worker.jobs;

import dev.latentq.engine.image.MaskImage;
import dev.latentq.engine.image.RgbImage;

/**
 * A job's decoded input images, of the job's size.
 *
 * @param init nullable: the img2img start image (null for text-to-image)
 * @param mask nullable: the inpainting mask (only with {@code init})
 */
record InputImages(RgbImage init, MaskImage mask) {
}
