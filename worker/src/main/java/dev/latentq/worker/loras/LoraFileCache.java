package dev.latentq.worker.loras;

import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.loras.LoraBucket.RemoteFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloaded LoRA files in one folder, at most {@code maxBytes} of them: when a download needs room, the least
 * recently used files that no job holds are deleted. Files held by jobs are never deleted, so the folder exceeds the
 * limit only while the LoRAs in use alone do (logged). A file is downloaded once however many jobs ask for it at
 * the same time, and kept while the bucket's object has the same size and version tag.
 *
 * <p>Files already in the folder at start-up (a previous run's) are adopted, oldest first in eviction order, and
 * reused when their size matches the object's. Methods block on file and network I/O: call them from worker threads.
 * Thread-safe.
 */
public final class LoraFileCache {
  private static final Logger LOG = LoggerFactory.getLogger(LoraFileCache.class);
  private static final String EXTENSION = ".safetensors";
  private static final String PARTIAL = ".part-";

  private final Path folder;
  private final long maxBytes;
  /** Cached files by file name, least recently used first. Guarded by {@code this}. */
  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  /** Downloads in progress by file name; guarded by {@code this}. */
  private final Map<String, CompletableFuture<Void>> downloading = new HashMap<>();
  /** Bytes of cached files plus downloads in progress; guarded by {@code this}. */
  private long bytes;

  /** Opens (creating if needed) the cache folder and adopts the LoRA files already in it. */
  public LoraFileCache(Path folder, long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("the LoRA cache needs a positive size, got " + maxBytes + " bytes");
    }
    this.folder = folder.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
    try {
      Files.createDirectories(this.folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the LoRA cache folder " + this.folder + " (" + e
          + "): set loras.cacheFolder to a writable folder", e);
    }
    adoptExistingFiles();
  }

  /** Whether {@code file} is where this cache keeps a LoRA (so it must be fetched before use). */
  public boolean owns(Path file) {
    Path normalized = file.toAbsolutePath().normalize();
    return folder.equals(normalized.getParent()) && normalized.getFileName().toString().endsWith(EXTENSION);
  }

  /** The folder the cache keeps its files in. */
  public Path folder() {
    return folder;
  }

  /** Bytes of the files cached (and being downloaded) now. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Whether {@code fileName} is cached now. */
  public synchronized boolean contains(String fileName) {
    return entries.containsKey(fileName);
  }

  /**
   * The local copy of {@code fileName}, whose bucket object is {@code remote}: the cached file when it is current,
   * else a fresh download checked against {@code remote}'s size. Held (never deleted) until the lease closes.
   *
   * @throws LoraFetchException {@code unsupported_request} for a file larger than the whole cache,
   *     {@code storage_unavailable} when the download fails or comes out at another size
   */
  public Lease acquire(String fileName, RemoteFile remote, Downloader downloader) {
    if (remote.size() > maxBytes) {
      throw new LoraFetchException(FailureCode.UNSUPPORTED_REQUEST, "LoRA " + fileName + " is " + remote.size()
          + " bytes, more than the whole LoRA cache (loras.cacheSize = " + maxBytes + " bytes): raise loras.cacheSize"
          + " to at least " + remote.size() + " bytes, or put the file into loras.folder", null);
    }
    while (true) {
      CompletableFuture<Void> pending;
      boolean mine = false;
      synchronized (this) {
        Entry cached = entries.get(fileName);
        if (cached != null && (cached.matches(remote) || cached.pins > 0)) {
          if (!cached.matches(remote)) {
            LOG.warn("LoRA {} changed in the bucket while jobs use the cached copy; they keep the old one",
                fileName);
          }
          cached.pins++;
          cached.etag = cached.etag == null && cached.size == remote.size() ? remote.etag() : cached.etag;
          return new Lease(this, fileName);
        }
        pending = downloading.get(fileName);
        if (pending == null) {
          if (cached != null) {
            remove(fileName, cached, "it changed in the bucket");
          }
          makeRoom(remote.size());
          bytes += remote.size();
          pending = new CompletableFuture<>();
          downloading.put(fileName, pending);
          mine = true;
        }
      }
      if (mine) {
        return download(fileName, remote, downloader, pending);
      }
      try {
        pending.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }

  /** Downloads into a temporary file, checks the size, then moves it into place holding it for the caller. */
  private Lease download(String fileName, RemoteFile remote, Downloader downloader, CompletableFuture<Void> pending) {
    Path partial = folder.resolve(fileName + PARTIAL + UUID.randomUUID());
    try {
      long started = System.nanoTime();
      downloader.download(partial);
      long size = Files.size(partial);
      if (size != remote.size()) {
        throw new LoraFetchException(FailureCode.STORAGE_UNAVAILABLE, "downloading LoRA " + fileName + " gave "
            + size + " bytes but the bucket said " + remote.size() + " (a cut-off transfer, or the object was"
            + " replaced meanwhile); retry the job", null);
      }
      Files.move(partial, folder.resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      synchronized (this) {
        Entry entry = new Entry(remote.size(), remote.etag());
        entry.pins = 1;
        entries.put(fileName, entry);
        downloading.remove(fileName);
      }
      LOG.info("downloaded LoRA {} ({} bytes) in {} ms", fileName, remote.size(),
          (System.nanoTime() - started) / 1_000_000);
      pending.complete(null);
      return new Lease(this, fileName);
    } catch (RuntimeException | IOException e) {
      deleteQuietly(partial);
      synchronized (this) {
        downloading.remove(fileName);
        bytes -= remote.size();
      }
      RuntimeException failure = e instanceof RuntimeException r ? r : new LoraFetchException(
          FailureCode.STORAGE_UNAVAILABLE, "cannot write LoRA " + fileName + " into the cache folder " + folder
              + " (" + e + "): check its free space and permissions (loras.cacheFolder)", e);
      pending.completeExceptionally(failure);
      throw failure;
    }
  }

  private synchronized void release(String fileName) {
    Entry entry = entries.get(fileName);
    if (entry != null) {
      entry.pins--;
      makeRoom(0);
    }
  }

  /** Deletes least recently used unheld files until {@code needed} more bytes fit. Holds the lock. */
  private void makeRoom(long needed) {
    for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        it.hasNext() && bytes + needed > maxBytes; ) {
      Map.Entry<String, Entry> next = it.next();
      if (next.getValue().pins == 0) {
        it.remove();
        bytes -= next.getValue().size;
        deleteQuietly(folder.resolve(next.getKey()));
        LOG.info("evicted LoRA {} ({} bytes) from the cache ({} bytes at most)", next.getKey(),
            next.getValue().size, maxBytes);
      }
    }
    if (bytes + needed > maxBytes) {
      LOG.warn("the LoRA cache holds {} bytes of LoRAs in use, {} more are needed: over loras.cacheSize ({} bytes)"
          + " until jobs finish; raise it if this recurs", bytes, needed, maxBytes);
    }
  }

  private void remove(String fileName, Entry entry, String why) {
    entries.remove(fileName);
    bytes -= entry.size;
    deleteQuietly(folder.resolve(fileName));
    LOG.info("dropped cached LoRA {}: {}", fileName, why);
  }

  private void adoptExistingFiles() {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      files.forEach(found::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the LoRA cache folder " + folder + " (" + e + "): set"
          + " loras.cacheFolder to a readable folder", e);
    }
    found.sort(Comparator.comparing(LoraFileCache::modified));
    synchronized (this) {
      for (Path file : found) {
        String name = file.getFileName().toString();
        if (name.contains(PARTIAL)) {
          deleteQuietly(file); // a download cut off by the last stop
        } else if (name.endsWith(EXTENSION) && Files.isRegularFile(file)) {
          long size = sizeOf(file);
          entries.put(name, new Entry(size, null));
          bytes += size;
        }
      }
      makeRoom(0);
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file + " in the LoRA cache: " + e, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete {} from the LoRA cache: {}", file, e.toString());
    }
  }

  /** Writes an object's bytes to a file. */
  @FunctionalInterface
  public interface Downloader {
    void download(Path target) throws IOException;
  }

  /** One cached file held by one job; closing it (once) lets the cache evict the file again. */
  public static final class Lease implements AutoCloseable {
    private final LoraFileCache cache;
    private final String fileName;
    private boolean closed;

    private Lease(LoraFileCache cache, String fileName) {
      this.cache = cache;
      this.fileName = fileName;
    }

    public Path file() {
      return cache.folder.resolve(fileName);
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        cache.release(fileName);
      }
    }
  }

  /** A cached file: its size, the version tag it was downloaded at (null when adopted from disk), its holders. */
  private static final class Entry {
    final long size;
    String etag;
    int pins;

    Entry(long size, String etag) {
      this.size = size;
      this.etag = etag;
    }

    boolean matches(RemoteFile remote) {
      return size == remote.size() && (etag == null || Objects.equals(etag, remote.etag()));
    }
  }
}
