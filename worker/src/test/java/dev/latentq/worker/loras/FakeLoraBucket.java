package dev.latentq.worker.loras;

import io.vertx.core.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A bucket in memory: objects by file name, counted downloads, and a failure to throw on demand. */
final class FakeLoraBucket implements LoraBucket {
  final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  final AtomicInteger downloads = new AtomicInteger();
  final AtomicInteger callsOnEventLoop = new AtomicInteger();
  volatile Supplier<RuntimeException> failure;
  /** Bytes a download writes short of the object's size (a cut-off transfer). */
  volatile int truncate;

  @Override
  public Optional<RemoteFile> stat(String fileName) {
    call();
    byte[] data = objects.get(fileName);
    return data == null ? Optional.empty() : Optional.of(new RemoteFile(data.length, "etag-" + data.length));
  }

  @Override
  public void download(String fileName, Path target) {
    call();
    downloads.incrementAndGet();
    byte[] data = objects.get(fileName);
    try {
      Files.write(target, Arrays.copyOf(data, data.length - truncate));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<String> names(int limit) {
    call();
    return objects.keySet().stream().map(n -> n.replace(".safetensors", "")).sorted().limit(limit).toList();
  }

  @Override
  public String location(String fileName) {
    return "s3://loras/sd15/" + fileName;
  }

  private void call() {
    if (Context.isOnEventLoopThread()) {
      callsOnEventLoop.incrementAndGet();
    }
    Supplier<RuntimeException> f = failure;
    if (f != null) {
      throw f.get();
    }
  }
}
