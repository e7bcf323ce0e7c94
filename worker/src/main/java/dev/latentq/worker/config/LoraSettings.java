package dev.latentq.worker.config;

import java.nio.file.Path;

/**
 * Where job LoRAs come from and how many a job may use.
 *
 * @param folder nullable: the folder whose {@code .safetensors} files jobs name in {@code loras} (never a path from the
 *     job); null when this worker serves no LoRAs (default)
 * @param maxPerJob most LoRAs in one job (default 4)
 * @param maxScale largest absolute LoRA scale a job may ask for (default 2)
 */
public record LoraSettings(Path folder, int maxPerJob, double maxScale) {}
