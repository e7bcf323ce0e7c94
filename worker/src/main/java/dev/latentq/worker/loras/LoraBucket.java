package dev.latentq.worker.loras;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The LoRA files of one bucket and key prefix. Every method blocks on network I/O: call it from a worker thread,
 * never an event loop. Failures are {@link dev.latentq.worker.storage.StorageException}s saying whether retrying can
 * help. Implementations are thread-safe.
 */
public interface LoraBucket {

  /** The object holding {@code fileName} (e.g. {@code watercolor.safetensors}), or empty when there is none. */
  Optional<RemoteFile> stat(String fileName);

  /** Writes the object holding {@code fileName} to {@code target} (created or replaced). */
  void download(String fileName, Path target);

  /** Up to {@code limit} LoRA names (file names without {@code .safetensors}) under the prefix, sorted. */
  List<String> names(int limit);

  /** Where {@code fileName} lives, for messages: {@code s3://bucket/prefix/fileName}. */
  String location(String fileName);

  /**
   * What a stat says about an object.
   *
   * @param size bytes
   * @param etag the store's version tag, which changes when the object is replaced
   */
  record RemoteFile(long size, String etag) {}
}
