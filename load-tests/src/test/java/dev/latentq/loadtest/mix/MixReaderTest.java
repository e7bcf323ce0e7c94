package dev.latentq.loadtest.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.protocol.job.SchedulerName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixReaderTest {

  private final MixReader reader = new MixReader();

  @TempDir
  Path dir;

  @Test
  void readsYamlWithDefaultsForAbsentFields() throws IOException {
    Path file = write("mix.yaml", """
        classes:
          - name: interactive
            weight: 70
            priority: 10
          - name: big
            weight: 30
            size: 256
            steps: 30
            guidance: 7.5
            numImages: 2
            scheduler: euler_a
            deadline: 45s
            prompts: ["a red circle on a blue background"]
        """);

    JobMix mix = reader.read(file);

    assertThat(mix.classes()).hasSize(2);
    JobClass interactive = mix.classes().get(0);
    assertThat(interactive).isEqualTo(JobClass.builder("interactive").weight(70).priority(10).build());
    JobClass big = mix.classes().get(1);
    assertThat(big.width()).isEqualTo(256);
    assertThat(big.height()).isEqualTo(256);
    assertThat(big.steps()).isEqualTo(30);
    assertThat(big.guidance()).isEqualTo(7.5);
    assertThat(big.numImages()).isEqualTo(2);
    assertThat(big.scheduler()).isEqualTo(SchedulerName.EULER_A);
    assertThat(big.deadlineOffset()).isEqualTo(Duration.ofSeconds(45));
    assertThat(big.prompts()).containsExactly("a red circle on a blue background");
    assertThat(big.model()).isEqualTo("shapes-sd");
  }

  @Test
  void readsJsonAndABareListOfClasses() throws IOException {
    Path file = write("mix.json", """
        [{"name": "a", "weight": 1, "width": 64, "height": 96}]
        """);

    JobClass only = reader.read(file).classes().getFirst();

    assertThat(only.width()).isEqualTo(64);
    assertThat(only.height()).isEqualTo(96);
  }

  @Test
  void unknownFieldsAreErrorsNamingTheFileAndTheKnownFields() throws IOException {
    Path file = write("typo.yaml", """
        classes:
          - name: a
            stepz: 4
        """);

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("typo.yaml")
        .hasMessageContaining("stepz")
        .hasMessageContaining("numImages");
  }

  @Test
  void aFileWithoutClassesSaysWhatToWrite() throws IOException {
    Path file = write("empty.yaml", "classes: []\n");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no classes");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> reader.read(dir.resolve("nope.yaml")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.yaml does not exist");
  }

  @Test
  void parsesClassOptions() {
    JobClass draft = reader.parseOption("name=draft,weight=10,steps=8,scheduler=dpmpp_2m,deadline=30s,priority=-5");

    assertThat(draft).isEqualTo(JobClass.builder("draft").weight(10).steps(8).scheduler(SchedulerName.DPMPP_2M)
        .deadlineOffset(Duration.ofSeconds(30)).priority(-5).build());
  }

  @Test
  void classOptionErrorsQuoteTheOption() {
    assertThatThrownBy(() -> reader.parseOption("name=a,steps"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'steps' is not key=value");
    assertThatThrownBy(() -> reader.parseOption("name=a,scheduler=fast"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown scheduler 'fast'");
    assertThatThrownBy(() -> reader.parseOption("name=a,size=64,width=64"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size and width/height");
    assertThatThrownBy(() -> reader.parseOption("weight=2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
  }

  @Test
  void classesFromFileAndOptionsCombineIntoOneMix() throws IOException {
    Path file = write("one.yaml", "classes: [{name: a}]\n");

    JobMix mix = new JobMix(List.of(reader.read(file).classes().getFirst(), reader.parseOption("name=b")));

    assertThat(mix.classes()).extracting(JobClass::name).containsExactly("a", "b");
  }

  @Test
  void theExampleMixFileIsTheDefaultMix() {
    assertThat(reader.read(Path.of("examples/mix-shapes.yaml"))).isEqualTo(JobMix.defaultShapes());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
