package dev.latentq.worker.jobs;

import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.prompt.PromptSyntax;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two submissions under one id the same job: a SHA-256 of the job's normalised parameters (every
 * default applied, so leaving a field out equals naming its default) that decide its images and where they go.
 * Priority, deadline and metadata are left out: they change when and how a job is reported, not what it makes.
 * Stored with every image as user metadata, so a later job under the same id can tell a redelivery (same
 * fingerprint: harmless, it rewrites the same images) from a conflict (another job: it must not overwrite them).
 */
public final class JobFingerprint {
  /** The user metadata key the fingerprint is stored under ({@code x-amz-meta-job-hash}). */
  public static final String METADATA_KEY = "job-hash";

  private JobFingerprint() {}

  /** The fingerprint of a resolved job: 64 lower-case hex digits. */
  public static String of(ResolvedJob job) {
    GenerationRequest r = job.request();
    StringBuilder text = new StringBuilder("latentq-job-v1\n");
    field(text, "model", job.job().model());
    field(text, "prompt", r.prompt());
    field(text, "negativePrompt", r.negativePrompt());
    field(text, "size", r.width() + "x" + r.height());
    field(text, "steps", Integer.toString(r.steps()));
    field(text, "guidanceScale", Double.toString(r.guidanceScale()));
    field(text, "scheduler", r.scheduler().wireName());
    field(text, "seed", Long.toString(r.seed()));
    field(text, "numImages", Integer.toString(r.numImages()));
    if (job.initImage() != null) {
      field(text, "initImage", job.initImage().bucket() + "/" + job.initImage().key());
      field(text, "strength", Double.toString(job.strength()));
    }
    // Fields added after v1 enter only when they differ from what v1 jobs did, so v1 fingerprints stay valid.
    if (job.mask() != null) {
      field(text, "mask", job.mask().bucket() + "/" + job.mask().key());
    }
    if (r.promptSyntax() != PromptSyntax.PLAIN) {
      field(text, "promptSyntax", r.promptSyntax().wireName());
    }
    for (LoraWeight lora : r.loras().weights()) {
      field(text, "lora", lora.file().getFileName() + "@" + lora.scale());
    }
    field(text, "output", job.bucket() + "/" + job.keyPrefix());
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  // Length-prefixed, so that no two different jobs can produce the same text.
  private static void field(StringBuilder text, String name, String value) {
    String v = value == null ? "" : value;
    text.append(name).append('=').append(v.length()).append(':').append(v).append('\n');
  }
}
