package dev.latentq.engine.model;

import ai.onnxruntime.OrtEnvironment;
import dev.latentq.engine.tensor.DirectTensorBuffer;
import dev.latentq.engine.tensor.TimestepBuffer;

/**
 * Reusable native input and output buffers for U-Net calls at one latent size, up to {@code capacityRows}
 * rows. Conditioning rows remember which conditioning last filled them, so rows whose occupant did not change
 * between steps are not rewritten. Not thread-safe: owned by one engine thread.
 */
public final class UNetBuffers implements AutoCloseable {
  private final int latentHeight;
  private final int latentWidth;
  private final DirectTensorBuffer sample;
  private final TimestepBuffer timestep;
  private final DirectTensorBuffer hiddenStates;
  private final DirectTensorBuffer textEmbeds;
  private final DirectTensorBuffer timeIds;
  private final DirectTensorBuffer timestepCond;
  private final DirectTensorBuffer output;
  private final Object[] rowOwners;

  public UNetBuffers(OrtEnvironment env, UNetSignature signature, int latentHeight, int latentWidth,
      int sequenceLength, int hiddenWidth, int capacityRows) {
    this.latentHeight = latentHeight;
    this.latentWidth = latentWidth;
    long[] latentShape = {signature.latentChannels(), latentHeight, latentWidth};
    long[] inputShape = {signature.inputChannels(), latentHeight, latentWidth};
    this.sample = new DirectTensorBuffer(env, signature.sampleType(), inputShape, capacityRows);
    this.timestep = new TimestepBuffer(env, signature.timestepType(), signature.scalarTimestep(), capacityRows);
    this.hiddenStates = new DirectTensorBuffer(env, signature.hiddenStatesType(),
        new long[] {sequenceLength, hiddenWidth}, capacityRows);
    this.textEmbeds = extra(env, signature.textEmbeds(), capacityRows);
    this.timeIds = extra(env, signature.timeIds(), capacityRows);
    this.timestepCond = extra(env, signature.timestepCond(), capacityRows);
    this.output = new DirectTensorBuffer(env, signature.outputType(), latentShape, capacityRows);
    this.rowOwners = new Object[capacityRows];
  }

  private static DirectTensorBuffer extra(OrtEnvironment env, UNetSignature.Extra extra, int rows) {
    return extra == null ? null : new DirectTensorBuffer(env, extra.type(), new long[] {extra.width()}, rows);
  }

  public int latentHeight() {
    return latentHeight;
  }

  public int latentWidth() {
    return latentWidth;
  }

  public int capacityRows() {
    return sample.capacityRows();
  }

  public DirectTensorBuffer sample() {
    return sample;
  }

  public TimestepBuffer timestep() {
    return timestep;
  }

  public DirectTensorBuffer hiddenStates() {
    return hiddenStates;
  }

  /** Pooled text embeddings (SDXL), or null. */
  public DirectTensorBuffer textEmbeds() {
    return textEmbeds;
  }

  /** SDXL micro-conditioning, or null. */
  public DirectTensorBuffer timeIds() {
    return timeIds;
  }

  /** LCM guidance embedding, or null. */
  public DirectTensorBuffer timestepCond() {
    return timestepCond;
  }

  public DirectTensorBuffer output() {
    return output;
  }

  /** Whether row {@code row} already holds the conditioning identified by {@code owner}. */
  public boolean rowHolds(int row, Object owner) {
    return rowOwners[row] == owner;
  }

  /** Records that row {@code row} now holds {@code owner}'s conditioning. */
  public void markRow(int row, Object owner) {
    rowOwners[row] = owner;
  }

  @Override
  public void close() {
    sample.close();
    timestep.close();
    hiddenStates.close();
    if (textEmbeds != null) {
      textEmbeds.close();
    }
    if (timeIds != null) {
      timeIds.close();
    }
    if (timestepCond != null) {
      timestepCond.close();
    }
    output.close();
  }
}
