package dev.latentq.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.LoraRef;
import dev.latentq.worker.config.WorkerConfig.LoraSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraCatalogTest {
  @TempDir
  Path dir;

  private Path folder;
  private LoraCatalog catalog;

  @BeforeEach
  void folderWithTwoLoras() throws Exception {
    folder = Files.createDirectory(dir.resolve("loras"));
    Files.write(folder.resolve("watercolor.safetensors"), new byte[16]);
    Files.write(folder.resolve("fox.safetensors"), new byte[16]);
    Files.write(dir.resolve("outside.safetensors"), new byte[16]);
    catalog = new LoraCatalog(new LoraSettings(folder, 2, 1.5, null, "", null, 2L << 30, 4));
  }

  @Test
  void namesResolveToFilesInTheFolderWithOrWithoutTheExtension() throws Exception {
    LoraSet set = catalog.resolve(List.of(new LoraRef("watercolor", 0.8), new LoraRef("fox.safetensors", null)));
    assertThat(set).isEqualTo(LoraSet.of(new LoraWeight(folder.resolve("fox.safetensors"), 1.0),
        new LoraWeight(folder.resolve("watercolor.safetensors"), 0.8)));
  }

  @Test
  void noLorasIsTheEmptySet() throws Exception {
    assertThat(catalog.resolve(null)).isEqualTo(LoraSet.NONE);
    assertThat(catalog.resolve(List.of())).isEqualTo(LoraSet.NONE);
  }

  @Test
  void anUnknownNameFailsAsUnknownLoraListingWhatIsThere() {
    assertThatThrownBy(() -> catalog.resolve(List.of(new LoraRef("ink", 1.0))))
        .isInstanceOfSatisfying(JobRejection.class, e -> {
          assertThat(e.code()).isEqualTo(FailureCode.UNKNOWN_LORA);
          assertThat(e.code().retryable()).isFalse();
          assertThat(e.getMessage()).contains("'ink'").contains("[fox, watercolor]");
        });
  }

  @Test
  void aNameNeverReachesOutsideTheFolder() {
    for (String name : List.of("../outside", "..", "sub/../../outside")) {
      assertThatThrownBy(() -> catalog.resolve(List.of(new LoraRef(name, 1.0))))
          .as(name).isInstanceOfSatisfying(JobRejection.class,
              e -> assertThat(e.code()).isEqualTo(FailureCode.UNKNOWN_LORA));
    }
  }

  @Test
  void moreLorasThanAllowedOrAScaleOutOfRangeIsUnsupported() {
    assertThatThrownBy(() -> catalog.resolve(List.of(new LoraRef("fox", 1.0), new LoraRef("fox", 0.5),
        new LoraRef("watercolor", 1.0))))
        .isInstanceOfSatisfying(JobRejection.class, e -> {
          assertThat(e.code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST);
          assertThat(e.getMessage()).contains("at most 2");
        });
    assertThatThrownBy(() -> catalog.resolve(List.of(new LoraRef("fox", -1.6))))
        .isInstanceOfSatisfying(JobRejection.class, e -> {
          assertThat(e.code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST);
          assertThat(e.getMessage()).contains("[-1.5, 1.5]");
        });
  }

  @Test
  void aWorkerWithoutALoraFolderRefusesLoras() {
    LoraCatalog none = new LoraCatalog(new LoraSettings(null, 4, 2, null, "", null, 2L << 30, 4));
    assertThatThrownBy(() -> none.resolve(List.of(new LoraRef("fox", 1.0))))
        .isInstanceOfSatisfying(JobRejection.class, e -> {
          assertThat(e.code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST);
          assertThat(e.getMessage()).contains("loras.folder").contains("loras.bucket");
        });
  }

  @Test
  void theFolderComesFirstThenTheBucketWhoseLorasResolveToTheDownloadCache() throws Exception {
    Path cache = dir.resolve("cache");
    LoraCatalog both = new LoraCatalog(new LoraSettings(folder, 4, 2.0, "team-loras", "sd15/", cache, 1000, 4));

    LoraSet set = both.resolve(List.of(new LoraRef("fox", 1.0), new LoraRef("owl.safetensors", 0.5)));

    assertThat(set).isEqualTo(LoraSet.of(new LoraWeight(folder.resolve("fox.safetensors"), 1.0),
        new LoraWeight(cache.resolve("owl.safetensors"), 0.5)));
  }

  @Test
  void withOnlyABucketEveryValidNameIsLookedUpThereAndTheNameRuleStillHolds() throws Exception {
    Path cache = dir.resolve("cache");
    LoraCatalog bucketOnly = new LoraCatalog(new LoraSettings(null, 4, 2.0, "team-loras", "", cache, 1000, 4));

    assertThat(bucketOnly.resolve(List.of(new LoraRef("watercolor", 1.0))))
        .isEqualTo(LoraSet.of(new LoraWeight(cache.resolve("watercolor.safetensors"), 1.0)));
    for (String name : List.of("../outside", "..", "sub/fox", ".hidden", "")) {
      assertThatThrownBy(() -> bucketOnly.resolve(List.of(new LoraRef(name, 1.0))))
          .as(name).isInstanceOfSatisfying(JobRejection.class,
              e -> assertThat(e.code()).isEqualTo(FailureCode.UNKNOWN_LORA));
    }
  }
}
