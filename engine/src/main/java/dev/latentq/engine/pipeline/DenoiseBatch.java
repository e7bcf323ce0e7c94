package dev.latentq.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import dev.latentq.engine.model.Denoiser;
import dev.latentq.engine.model.UNetBuffers;
import dev.latentq.engine.tensor.DirectTensorBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The step-level batch API: a set of in-flight samples, each with its own conditioning, scheduler state, step,
 * guidance and noise. {@link #step()} advances every sample by one step in as few U-Net calls as the model
 * allows — one call per latent size and conditioning length (77 tokens per prompt chunk) when the U-Net takes a
 * {@code [batch]} timestep, one per distinct timestep too when it takes a scalar — split only when a call would
 * exceed the row limit. Samples join with
 * {@link #add} and leave with {@link #remove} between steps; finished samples leave by themselves.
 *
 * <p>Native buffers are allocated once per latent size and conditioning length and reused (those of longer
 * conditionings are freed when no sample needs them); rows keep their conditioning between steps
 * when their occupant did not change. Not thread-safe: one engine thread owns a batch and its model.
 */
public final class DenoiseBatch implements AutoCloseable {
  private final OrtEnvironment env;
  private final Denoiser denoiser;
  private final int hiddenWidth;
  private final int maxRowsPerCall;
  private final List<Sample> samples = new ArrayList<>();
  private final Map<CallShape, UNetBuffers> buffers = new HashMap<>();
  private int shortestTokens = Integer.MAX_VALUE;
  private float[] scratch = new float[0];

  /**
   * @param maxRowsPerCall the most U-Net rows (a guided sample takes two) one call may carry
   */
  public DenoiseBatch(OrtEnvironment env, Denoiser denoiser, int hiddenWidth, int maxRowsPerCall) {
    if (maxRowsPerCall < 2) {
      throw new IllegalArgumentException("a U-Net call must fit at least one guided sample (2 rows), got "
          + maxRowsPerCall);
    }
    this.env = env;
    this.denoiser = denoiser;
    this.hiddenWidth = hiddenWidth;
    this.maxRowsPerCall = maxRowsPerCall;
  }

  /** Adds a sample; it takes part from the next {@link #step()}. */
  public void add(Sample sample) {
    if (sample.done()) {
      throw new IllegalArgumentException(sample + " has no steps left");
    }
    samples.add(sample);
  }

  /** Removes a sample (e.g. its job was canceled); returns whether it was in the batch. */
  public boolean remove(Sample sample) {
    boolean removed = samples.remove(sample);
    if (removed) {
      sample.leftBatch();
    }
    return removed;
  }

  /**
   * Takes a sample out to come back later with {@link #add} (its job gave its place to a higher-priority one). Unlike
   * {@link #remove} its LoRA variant stays in use, so it cannot be closed while the sample waits; returns whether it
   * was in the batch.
   */
  public boolean suspend(Sample sample) {
    return samples.remove(sample);
  }

  /** Lets a suspended sample that will not come back (its job was canceled) go: its LoRA variant may become idle. */
  public void discard(Sample sample) {
    if (!samples.contains(sample)) {
      sample.leftBatch();
    }
  }

  /** The in-flight samples, in arrival order (a copy). */
  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  public int size() {
    return samples.size();
  }

  public boolean isEmpty() {
    return samples.isEmpty();
  }

  /** U-Net rows one step of the current samples takes. */
  public int rows() {
    int rows = 0;
    for (Sample s : samples) {
      rows += s.conditioning().rowsPerSample();
    }
    return rows;
  }

  /**
   * Advances every sample by one step; finished samples are removed and returned. A U-Net call that fails is
   * retried in halves until each failing sample has failed alone: those leave the batch unadvanced and are
   * reported in {@link StepResult#failed()}, so one poisonous sample never fails the others.
   */
  public StepResult step() {
    Counts counts = new Counts();
    Map<Sample, RuntimeException> failed = new LinkedHashMap<>();
    long started = System.nanoTime();
    for (List<Sample> group : groups()) {
      int from = 0;
      while (from < group.size()) {
        int to = from;
        int callRows = 0;
        while (to < group.size() && callRows + group.get(to).conditioning().rowsPerSample() <= maxRowsPerCall) {
          callRows += group.get(to).conditioning().rowsPerSample();
          to++;
        }
        runIsolating(group.subList(from, to), counts, failed);
        from = to;
      }
    }
    samples.removeAll(failed.keySet());
    List<Sample> finished = new ArrayList<>();
    samples.removeIf(s -> s.done() && finished.add(s));
    freeUnusedLongBuffers();
    finished.forEach(Sample::leftBatch);
    failed.keySet().forEach(Sample::leftBatch);
    return new StepResult(finished, counts.calls, counts.rows, counts.unetNanos, System.nanoTime() - started,
        failed);
  }

  /** Runs one call; when it fails, runs each half on its own, down to single samples. */
  private void runIsolating(List<Sample> call, Counts counts, Map<Sample, RuntimeException> failed) {
    try {
      run(call, counts);
    } catch (RuntimeException e) {
      if (call.size() == 1) {
        failed.put(call.get(0), e);
        return;
      }
      int half = call.size() / 2;
      runIsolating(call.subList(0, half), counts, failed);
      runIsolating(call.subList(half, call.size()), counts, failed);
    }
  }

  /** One U-Net call over {@code call}'s rows; samples advance only when it succeeds. */
  private void run(List<Sample> call, Counts counts) {
    int callRows = 0;
    for (Sample s : call) {
      callRows += s.conditioning().rowsPerSample();
    }
    UNetBuffers io = buffersFor(call.get(0));
    pack(call, io);
    long before = System.nanoTime();
    counts.calls++;
    // a LoRA variant's samples run on its own U-Net
    Denoiser unet = call.get(0).denoiser() == null ? denoiser : call.get(0).denoiser();
    try {
      unet.run(io, callRows);
    } finally {
      counts.unetNanos += System.nanoTime() - before;
    }
    counts.rows += callRows;
    unpackAndAdvance(call, io);
  }

  /** What one step did so far. */
  private static final class Counts {
    int calls;
    int rows;
    long unetNanos;
  }

  /**
   * Samples that may share a call: same LoRA set (same weights), same latent size and conditioning length, and
   * same timestep when the U-Net takes a scalar one.
   */
  private Iterable<List<Sample>> groups() {
    boolean scalar = denoiser.signature().scalarTimestep();
    Map<Object, List<Sample>> groups = new LinkedHashMap<>();
    for (Sample s : samples) {
      CallShape shape = shapeOf(s);
      Object key = scalar ? List.of(s.loras(), shape, s.timestep()) : List.of(s.loras(), shape);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }
    return groups.values();
  }

  private UNetBuffers buffersFor(Sample s) {
    return buffers.computeIfAbsent(shapeOf(s), shape -> {
      shortestTokens = Math.min(shortestTokens, shape.tokens());
      return new UNetBuffers(env, denoiser.signature(), shape.height(), shape.width(), shape.tokens(), hiddenWidth,
          maxRowsPerCall);
    });
  }

  private CallShape shapeOf(Sample s) {
    return new CallShape(s.latentHeight(), s.latentWidth(), s.conditioning().tokens(hiddenWidth));
  }

  /**
   * Long-prompt buffers (several chunks, up to megabytes per row) are freed once no sample needs them; the
   * shortest length's stay, as nearly every job uses them.
   */
  private void freeUnusedLongBuffers() {
    if (buffers.size() <= 1) {
      return;
    }
    Set<CallShape> used = new HashSet<>();
    samples.forEach(s -> used.add(shapeOf(s)));
    buffers.entrySet().removeIf(e -> {
      boolean unused = e.getKey().tokens() > shortestTokens && !used.contains(e.getKey());
      if (unused) {
        e.getValue().close();
      }
      return unused;
    });
  }

  private void pack(List<Sample> call, UNetBuffers io) {
    int row = 0;
    for (Sample s : call) {
      float scale = s.plan().modelInputScale(s.step());
      double t = s.timestep();
      Conditioning c = s.conditioning();
      writeLatents(io, row, s, scale);
      if (c.guided()) {
        // Both guidance rows see the same latents: convert once, copy the row.
        io.sample().copyRow(row, row + 1);
        writeRow(io, row++, t, c.negative());
      }
      writeRow(io, row++, t, c.positive());
    }
  }

  private void writeLatents(UNetBuffers io, int row, Sample s, float scale) {
    float[] latents = s.latents();
    float[] extra = s.unetExtraInput();
    if (extra != null) {
      // inpainting U-Net: mask and masked-image latents follow the (scaled) latents, unscaled
      io.sample().write(row, latents.length, extra, 0, extra.length);
    }
    if (scale == 1f) {
      io.sample().write(row, 0, latents, 0, latents.length);
    } else {
      // Divide exactly as diffusers' scale_model_input does, rather than multiply by a rounded reciprocal.
      float[] scaled = scratch(latents.length);
      s.plan().scaleModelInput(s.step(), latents, scaled, 0);
      io.sample().write(row, 0, scaled, 0, scaled.length);
    }
  }

  private static void writeRow(UNetBuffers io, int row, double t, RowConditioning cond) {
    io.timestep().set(io.timestep().isScalar() ? 0 : row, t);
    if (io.rowHolds(row, cond)) {
      return;
    }
    writeWhole(io.hiddenStates(), row, cond.hiddenStates(), "encoder_hidden_states");
    if (io.textEmbeds() != null) {
      writeWhole(io.textEmbeds(), row, cond.pooled(), "text_embeds");
    }
    if (io.timeIds() != null) {
      writeWhole(io.timeIds(), row, cond.timeIds(), "time_ids");
    }
    if (io.timestepCond() != null) {
      writeWhole(io.timestepCond(), row, cond.timestepCond(), "timestep_cond");
    }
    io.markRow(row, cond);
  }

  private static void writeWhole(DirectTensorBuffer buffer, int row, float[] values, String input) {
    if (values == null || values.length != buffer.rowElements()) {
      throw new IllegalStateException("conditioning for U-Net input '" + input + "' has "
          + (values == null ? "no values" : values.length + " values") + ", the model takes " + buffer.rowElements());
    }
    buffer.write(row, 0, values, 0, values.length);
  }

  private void unpackAndAdvance(List<Sample> call, UNetBuffers io) {
    int row = 0;
    for (Sample s : call) {
      float[] prediction = s.modelOutput();
      int n = prediction.length;
      if (s.conditioning().guided()) {
        float[] cond = scratch(n);
        io.output().read(row++, prediction, 0, n);
        io.output().read(row++, cond, 0, n);
        float g = s.guidance();
        for (int i = 0; i < n; i++) {
          float uncond = prediction[i];
          prediction[i] = uncond + g * (cond[i] - uncond);
        }
      } else {
        io.output().read(row++, prediction, 0, n);
      }
      s.advance();
    }
  }

  /** A reusable array of at least {@code n} floats (one engine thread, so one scratch suffices). */
  private float[] scratch(int n) {
    if (scratch.length < n) {
      scratch = new float[n];
    }
    return scratch;
  }

  @Override
  public void close() {
    samples.forEach(Sample::leftBatch);
    samples.clear();
    buffers.values().forEach(UNetBuffers::close);
    buffers.clear();
  }

  /**
   * Latent height and width, and conditioning tokens: samples that differ in any cannot share a call (a U-Net
   * call's rows all have one shape).
   */
  record CallShape(int height, int width, int tokens) {}

  /**
   * What one {@link #step()} did.
   *
   * @param finished samples that completed their last step and left the batch
   * @param unetCalls U-Net calls made, failed ones included
   * @param rows U-Net rows computed (guided samples count twice), failed calls excluded
   * @param unetNanos time inside the U-Net
   * @param totalNanos time of the whole step, packing and scheduler updates included
   * @param failed samples whose U-Net call failed even alone, with the failure; they left the batch unadvanced
   */
  public record StepResult(List<Sample> finished, int unetCalls, int rows, long unetNanos, long totalNanos,
      Map<Sample, RuntimeException> failed) {
    public StepResult {
      finished = List.copyOf(finished);
      failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }
  }
}
