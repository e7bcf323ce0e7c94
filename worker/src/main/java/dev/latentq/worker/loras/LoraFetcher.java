package dev.latentq.worker.loras;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.storage.StorageException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the bucket LoRAs of a job's set available as local files before the job reaches the engine: looks each up in
 * the bucket, downloads it into the {@link LoraFileCache} unless a current copy is there, and holds the files until
 * the job ends. LoRAs from the folder need nothing. The S3 and file I/O runs on its own worker pool, never on an event
 * loop. Thread-safe.
 */
public final class LoraFetcher implements AutoCloseable {
  /** Name of the worker pool (and prefix of its thread names) that downloads LoRAs. */
  public static final String POOL_NAME = "latentq-lora-fetch";
  private static final Logger LOG = LoggerFactory.getLogger(LoraFetcher.class);
  private static final int LISTED_NAMES = 20;
  private static final Held NOTHING = new Held(List.of());

  private final LoraBucket bucket;
  private final LoraFileCache cache;
  private final boolean folderToo;
  private final WorkerExecutor executor;

  private LoraFetcher(LoraBucket bucket, LoraFileCache cache, boolean folderToo, WorkerExecutor executor) {
    this.bucket = bucket;
    this.cache = cache;
    this.folderToo = folderToo;
    this.executor = executor;
  }

  /** For a worker without a LoRA bucket: every set is already local. */
  public static LoraFetcher none() {
    return new LoraFetcher(null, null, false, null);
  }

  /**
   * @param folderToo whether the worker also has a LoRA folder (looked up first), for messages
   * @param threads concurrent lookups and downloads
   */
  public static LoraFetcher of(Vertx vertx, LoraBucket bucket, LoraFileCache cache, boolean folderToo,
      int threads) {
    return new LoraFetcher(bucket, cache, folderToo, vertx.createSharedWorkerExecutor(POOL_NAME, threads));
  }

  /**
   * Fetches the set's bucket LoRAs; the future fails with a {@link LoraFetchException} carrying the job's failure
   * code. {@link #release} the result when the job ends, whatever its outcome.
   */
  public Future<Held> acquire(LoraSet set) {
    List<Path> remote = cache == null ? List.of()
        : set.weights().stream().map(LoraWeight::file).filter(cache::owns).distinct().toList();
    if (remote.isEmpty()) {
      return Future.succeededFuture(NOTHING);
    }
    return executor.executeBlocking(() -> fetchAll(remote), false);
  }

  private Held fetchAll(List<Path> files) {
    List<LoraFileCache.Lease> leases = new ArrayList<>();
    try {
      for (Path file : files) {
        leases.add(fetch(file.getFileName().toString()));
      }
      return new Held(leases);
    } catch (RuntimeException e) {
      leases.forEach(LoraFileCache.Lease::close);
      throw e;
    }
  }

  private LoraFileCache.Lease fetch(String fileName) {
    Optional<LoraBucket.RemoteFile> remote;
    try {
      remote = bucket.stat(fileName);
    } catch (StorageException e) {
      throw unavailable("look up", fileName, e);
    }
    if (remote.isEmpty()) {
      String name = fileName.substring(0, fileName.length() - ".safetensors".length());
      throw new LoraFetchException(FailureCode.UNKNOWN_LORA, "LoRA '" + name + "' is "
          + (folderToo ? "in neither this worker's LoRA folder nor its" : "not in this worker's")
          + " LoRA bucket (no object "
          + bucket.location(fileName) + ")" + available(), null);
    }
    try {
      return cache.acquire(fileName, remote.get(), target -> bucket.download(fileName, target));
    } catch (StorageException e) {
      throw unavailable("download", fileName, e);
    }
  }

  private LoraFetchException unavailable(String what, String fileName, StorageException e) {
    LOG.warn("cannot {} LoRA {}: {}", what, bucket.location(fileName), e.getMessage());
    return new LoraFetchException(FailureCode.STORAGE_UNAVAILABLE, "cannot " + what + " LoRA "
        + bucket.location(fileName) + ": " + e.getMessage() + "; retry the job later", e);
  }

  /** The bucket's names for the message, or nothing when even listing fails (the lookup's answer still stands). */
  private String available() {
    try {
      return "; available in the bucket: " + bucket.names(LISTED_NAMES);
    } catch (StorageException e) {
      return "";
    }
  }

  /**
   * Lets the cache evict a job's files again, on the pool: releasing may delete files, which an event loop must not
   * wait for.
   */
  public void release(Held held) {
    if (held.leases.isEmpty()) {
      return;
    }
    executor.executeBlocking(() -> {
      held.close();
      return null;
    }, false).onFailure(e -> LOG.warn("could not release cached LoRAs: {}", e.toString()));
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.close();
    }
  }

  /** The local files of one job's bucket LoRAs, kept in the cache until closed. Closing twice does nothing. */
  public static final class Held implements AutoCloseable {
    private final List<LoraFileCache.Lease> leases;

    private Held(List<LoraFileCache.Lease> leases) {
      this.leases = List.copyOf(leases);
    }

    @Override
    public void close() {
      leases.forEach(LoraFileCache.Lease::close);
    }
  }
}
