package dev.latentq.loadtest;

import static dev.latentq.loadtest.TestEvents.accepted;
import static dev.latentq.loadtest.TestEvents.started;
import static dev.latentq.loadtest.TestEvents.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.loadtest.arrival.ArrivalPlan;
import dev.latentq.loadtest.kafka.FakeKafka;
import dev.latentq.loadtest.kafka.KafkaClients;
import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.Outcome;
import dev.latentq.loadtest.mix.JobClass;
import dev.latentq.loadtest.mix.JobMix;
import dev.latentq.loadtest.stats.RunStatistics;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LoadRunTest {

  @Test
  void answeredJobsSucceedAndEveryJobLandsOnTheJobsTopicKeyedByItsId() throws Exception {
    FakeKafka kafka = new FakeKafka().answering(job -> List.of(accepted(job.id()), started(job.id()),
        succeeded(job.id(), job.numImages(), 3)));

    RunResult result = run(config(ArrivalPlan.burst(20)), kafka);

    assertThat(result.ledger().jobs()).hasSize(20)
        .allSatisfy(j -> assertThat(j.outcome()).isEqualTo(Outcome.SUCCEEDED));
    List<ProducerRecord<String, byte[]>> sent = kafka.mockProducer().history();
    assertThat(sent).extracting(ProducerRecord::topic).containsOnly("latentq.jobs");
    assertThat(sent).extracting(ProducerRecord::key).containsExactlyElementsOf(
        IntStream.rangeClosed(1, 20).mapToObj(i -> "lt-run1-" + i).toList());
    JobCodec codec = new JobCodec();
    for (ProducerRecord<String, byte[]> record : sent) {
      Job job = codec.decode(record.value());
      assertThat(job.id()).isEqualTo(record.key());
      assertThat(job.metadata().get("loadTest").asText()).isEqualTo("run1");
    }
    RunStatistics stats = result.statistics();
    assertThat(stats.overall().succeeded()).isEqualTo(20);
    assertThat(stats.lost().total()).isZero();
    assertThat(stats.overall().latencyMs().count()).isEqualTo(20);
    assertThat(result.stoppedEarly()).isFalse();
    assertThat(kafka.mockProducer().closed()).isTrue();
    assertThat(kafka.mockConsumer().closed()).isTrue();
  }

  @Test
  void jobsNobodyAnswersAreLostAfterTheTimeout() throws Exception {
    FakeKafka kafka = new FakeKafka();

    RunResult result = run(LoadRunConfig.builder(ArrivalPlan.burst(3)).runId("quiet")
        .timeout(Duration.ofMillis(100)).build(), kafka);

    assertThat(result.ledger().jobs()).extracting(JobTrace::outcome).containsOnly(Outcome.LOST).hasSize(3);
    assertThat(result.statistics().lost().neverAccepted()).isEqualTo(3);
  }

  @Test
  void repeatedTerminalEventsAreReadWithTheirCeIds() throws Exception {
    FakeKafka kafka = new FakeKafka().answering(job -> List.of(succeeded(job.id(), 1, 0), succeeded(job.id(), 1, 0)));

    RunResult result = run(config(ArrivalPlan.burst(2)), kafka);

    assertThat(result.statistics().duplicates().jobs()).isEqualTo(2);
    assertThat(result.statistics().duplicates().sameCeIdEvents()).isEqualTo(2);
    assertThat(result.statistics().duplicates().conflictingJobs()).isZero();
    assertThat(result.ledger().jobs().getFirst().terminals()).extracting(e -> e.ceId())
        .containsExactly("lt-run1-1/succeeded", "lt-run1-1/succeeded");
  }

  @Test
  void aRateRunPlansSubmissionsOnItsSchedule() throws Exception {
    FakeKafka kafka = new FakeKafka().answering(job -> List.of(succeeded(job.id(), 1, 0)));

    RunResult result = run(config(ArrivalPlan.constant(200, null, 5L)), kafka);

    assertThat(result.ledger().jobs()).extracting(j -> j.submit().plannedNanos())
        .containsExactly(0L, 5_000_000L, 10_000_000L, 15_000_000L, 20_000_000L);
    assertThat(result.ledger().jobs()).allSatisfy(
        j -> assertThat(j.submit().submitNanos()).isGreaterThanOrEqualTo(j.submit().plannedNanos()));
  }

  @Test
  void producerErrorsCountAsNotSentWithoutWaitingForTheTimeout() throws Exception {
    FakeKafka kafka = new FakeKafka().failingSends(new IllegalStateException("broker unreachable"));

    RunResult result = run(LoadRunConfig.builder(ArrivalPlan.burst(2)).runId("x").timeout(Duration.ofHours(1))
        .grace(Duration.ZERO).build(), kafka);

    assertThat(result.ledger().jobs()).extracting(JobTrace::outcome).containsOnly(Outcome.NOT_SENT);
    assertThat(result.ledger().jobs().getFirst().sendError()).contains("broker unreachable");
  }

  @Test
  void aMissingEventsTopicFailsBeforeAnyJobIsProduced() {
    FakeKafka kafka = new FakeKafka(true, false);

    assertThatThrownBy(() -> run(config(ArrivalPlan.burst(1)), kafka))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("events topic 'latentq.events' does not exist");
    assertThat(kafka.mockProducer().history()).isEmpty();
    assertThat(kafka.mockProducer().closed()).isTrue();
    assertThat(kafka.mockConsumer().closed()).isTrue();
  }

  @Test
  void aMissingJobsTopicFailsBeforeAnyJobIsProduced() {
    FakeKafka kafka = new FakeKafka(false, true);

    assertThatThrownBy(() -> run(config(ArrivalPlan.burst(1)), kafka))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jobs topic 'latentq.jobs' does not exist").hasMessageContaining("--jobs-topic");
    assertThat(kafka.mockProducer().history()).isEmpty();
  }

  @Test
  void anInvalidMixFailsBeforeConnecting() {
    KafkaClients unreachable = new KafkaClients() {
      @Override
      public Producer<String, byte[]> producer() {
        throw new AssertionError("must not connect");
      }

      @Override
      public Consumer<String, byte[]> consumer() {
        throw new AssertionError("must not connect");
      }
    };
    LoadRunConfig config = LoadRunConfig.builder(ArrivalPlan.burst(1)).runId("r")
        .mix(new JobMix(List.of(JobClass.builder("huge").steps(5000).build()))).build();

    assertThatThrownBy(() -> new LoadRun(config, unreachable, RunObserver.NONE).run())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job class 'huge'");
  }

  @Test
  void requestStopEndsALongRunAndReportsWhatWasSeen() throws Exception {
    FakeKafka kafka = new FakeKafka().answering(job -> List.of(succeeded(job.id(), 1, 0)));
    LoadRun run = new LoadRun(config(ArrivalPlan.constant(1, Duration.ofHours(1), null)), kafka, RunObserver.NONE);
    CompletableFuture<RunResult> result = CompletableFuture.supplyAsync(() -> {
      try {
        return run.run();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    while (kafka.mockProducer().history().isEmpty()) {
      Thread.sleep(5);
    }

    run.requestStop();

    RunResult finished = result.get(20, TimeUnit.SECONDS);
    assertThat(finished.stoppedEarly()).isTrue();
    assertThat(finished.ledger().jobs()).hasSize(1);
  }

  @Test
  void theObserverHearsProgressWhileSubmittingAndDraining() throws Exception {
    FakeKafka kafka = new FakeKafka();
    List<RunProgress> heard = new CopyOnWriteArrayList<>();
    LoadRunConfig config = LoadRunConfig.builder(ArrivalPlan.constant(100, null, 10L)).runId("p")
        .timeout(Duration.ofMillis(300)).statusInterval(Duration.ofMillis(20)).build();

    new LoadRun(config, kafka, heard::add).run();

    assertThat(heard).extracting(RunProgress::phase).contains(RunProgress.Phase.SUBMITTING, RunProgress.Phase.DRAINING);
    assertThat(heard.getLast().submitted()).isEqualTo(10);
    assertThat(heard.getLast().pending()).isEqualTo(10);
  }

  private static LoadRunConfig config(ArrivalPlan plan) {
    return LoadRunConfig.builder(plan).runId("run1").seed(1).timeout(Duration.ofSeconds(10))
        .grace(Duration.ofMillis(100)).build();
  }

  private static RunResult run(LoadRunConfig config, KafkaClients clients) throws InterruptedException {
    return new LoadRun(config, clients, RunObserver.NONE).run();
  }
}
