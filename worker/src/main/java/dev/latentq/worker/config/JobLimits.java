package dev.latentq.worker.config;

/**
 * The largest jobs this worker accepts; bigger ones fail as invalid instead of exhausting memory or time.
 *
 * @param maxSteps most denoising steps per job (default 150)
 * @param maxImages most images per job (default 8)
 * @param maxSide widest width or height in pixels (default 2048)
 * @param maxPixels most pixels per image, width × height (default 2048 × 2048)
 */
public record JobLimits(int maxSteps, int maxImages, int maxSide, long maxPixels) {}
