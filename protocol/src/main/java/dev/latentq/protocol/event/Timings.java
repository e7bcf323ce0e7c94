package dev.latentq.protocol.event;

/**
 * Where a succeeded job's time went, in milliseconds.
 *
 * @param queuedMs from acceptance until the job joined a batch
 * @param denoiseMs denoising (the job's share of its batches' wall time)
 * @param decodeMs VAE decoding and PNG encoding
 * @param uploadMs writing the images to storage
 * @param totalMs from acceptance until the succeeded event
 */
public record Timings(long queuedMs, long denoiseMs, long decodeMs, long uploadMs, long totalMs) {
}
