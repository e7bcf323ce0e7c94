package dev.latentq.worker.loras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.loras.LoraBucket.RemoteFile;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LoRA download cache: bounded by bytes, least recently used idle files evicted, held files never. */
class LoraFileCacheTest {
  @TempDir
  Path dir;

  private final AtomicInteger downloads = new AtomicInteger();

  private LoraFileCache.Downloader writes(int bytes) {
    return target -> {
      downloads.incrementAndGet();
      Files.write(target, new byte[bytes]);
    };
  }

  private LoraFileCache.Lease fetch(LoraFileCache cache, String name, int bytes) {
    return cache.acquire(name, new RemoteFile(bytes, "v1"), writes(bytes));
  }

  @Test
  void aFileIsDownloadedOnceAndReusedWhileTheObjectIsUnchanged() throws Exception {
    LoraFileCache cache = new LoraFileCache(dir, 100);
    try (LoraFileCache.Lease first = fetch(cache, "a.safetensors", 10)) {
      assertThat(first.file()).isEqualTo(dir.resolve("a.safetensors")).hasSize(10);
    }
    fetch(cache, "a.safetensors", 10).close();
    assertThat(downloads).hasValue(1);
  }

  @Test
  void theLeastRecentlyUsedIdleFilesGoWhenANewOneNeedsRoom() {
    LoraFileCache cache = new LoraFileCache(dir, 100);
    fetch(cache, "a.safetensors", 40).close();
    fetch(cache, "b.safetensors", 40).close();
    fetch(cache, "a.safetensors", 40).close(); // a is now more recent than b

    fetch(cache, "c.safetensors", 40).close();

    assertThat(cache.contains("b.safetensors")).as("least recently used").isFalse();
    assertThat(dir.resolve("b.safetensors")).doesNotExist();
    assertThat(cache.contains("a.safetensors")).isTrue();
    assertThat(cache.contains("c.safetensors")).isTrue();
    assertThat(cache.bytes()).isEqualTo(80);
  }

  @Test
  void aFileInUseIsNeverEvictedAndTheCacheShrinksBackWhenItIsReleased() {
    LoraFileCache cache = new LoraFileCache(dir, 100);
    LoraFileCache.Lease a = fetch(cache, "a.safetensors", 60);
    LoraFileCache.Lease b = fetch(cache, "b.safetensors", 60);

    assertThat(dir.resolve("a.safetensors")).as("held by a job").exists();
    assertThat(cache.bytes()).as("over the limit only while both are in use").isEqualTo(120);
    b.close();
    a.close();
    assertThat(cache.bytes()).isLessThanOrEqualTo(100);
    assertThat(cache.contains("a.safetensors")).as("evicted only once idle, if at all").isTrue();
  }

  @Test
  void aFileLargerThanTheWholeCacheFailsNamingBothSizesAndTheFix() {
    LoraFileCache cache = new LoraFileCache(dir, 100);
    assertThatThrownBy(() -> fetch(cache, "huge.safetensors", 101))
        .isInstanceOfSatisfying(LoraFetchException.class, e -> {
          assertThat(e.code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST);
          assertThat(e.code().retryable()).isFalse();
          assertThat(e.getMessage()).contains("101 bytes").contains("100 bytes").contains("raise loras.cacheSize");
        });
    assertThat(downloads).as("not even tried").hasValue(0);
  }

  @Test
  void aDownloadOfTheWrongSizeIsDiscardedAndRetryable() throws Exception {
    LoraFileCache cache = new LoraFileCache(dir, 100);
    assertThatThrownBy(() -> cache.acquire("a.safetensors", new RemoteFile(20, "v1"), writes(12)))
        .isInstanceOfSatisfying(LoraFetchException.class, e -> {
          assertThat(e.code()).isEqualTo(FailureCode.STORAGE_UNAVAILABLE);
          assertThat(e.code().retryable()).isTrue();
          assertThat(e.getMessage()).contains("12 bytes").contains("20");
        });
    try (var files = Files.list(dir)) {
      assertThat(files).as("no partial or wrong file left").isEmpty();
    }
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void aReplacedObjectIsDownloadedAgain() {
    LoraFileCache cache = new LoraFileCache(dir, 100);
    fetch(cache, "a.safetensors", 10).close();
    cache.acquire("a.safetensors", new RemoteFile(10, "v2"), writes(10)).close();
    assertThat(downloads).hasValue(2);
    assertThat(cache.bytes()).isEqualTo(10);
  }

  @Test
  void jobsAskingForOneFileAtOnceShareOneDownload() throws Exception {
    LoraFileCache cache = new LoraFileCache(dir, 100);
    CountDownLatch release = new CountDownLatch(1);
    LoraFileCache.Downloader slow = target -> {
      downloads.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new InterruptedIOException("interrupted");
      }
      Files.write(target, new byte[10]);
    };
    ExecutorService jobs = Executors.newFixedThreadPool(3);
    try {
      List<Future<LoraFileCache.Lease>> leases = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        leases.add(jobs.submit(() -> cache.acquire("a.safetensors", new RemoteFile(10, "v1"), slow)));
      }
      release.countDown();
      for (Future<LoraFileCache.Lease> lease : leases) {
        assertThat(lease.get(1, TimeUnit.MINUTES).file()).hasSize(10);
      }
      assertThat(downloads).hasValue(1);
    } finally {
      jobs.shutdownNow();
    }
  }

  @Test
  void filesOfAnEarlierRunAreAdoptedAndCutOffDownloadsRemoved() throws Exception {
    Files.write(dir.resolve("a.safetensors"), new byte[10]);
    Files.write(dir.resolve("b.safetensors.part-1234"), new byte[3]);

    LoraFileCache cache = new LoraFileCache(dir, 100);

    assertThat(cache.bytes()).isEqualTo(10);
    assertThat(dir.resolve("b.safetensors.part-1234")).doesNotExist();
    fetch(cache, "a.safetensors", 10).close();
    assertThat(downloads).as("same size: the adopted copy is used").hasValue(0);
  }

  @Test
  void onlyLoraFilesDirectlyInTheFolderBelongToTheCache() {
    LoraFileCache cache = new LoraFileCache(dir, 100);
    assertThat(cache.owns(dir.resolve("a.safetensors"))).isTrue();
    assertThat(cache.owns(dir.resolve("sub/a.safetensors"))).isFalse();
    assertThat(cache.owns(dir.resolveSibling("elsewhere/a.safetensors"))).isFalse();
  }
}
