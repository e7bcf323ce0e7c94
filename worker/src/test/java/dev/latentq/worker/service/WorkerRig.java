package dev.latentq.worker.service;

import dev.latentq.protocol.Topics;
import dev.latentq.protocol.client.LatentQClient;
import dev.latentq.worker.storage.RetryPolicy;
import dev.latentq.worker.storage.S3Connection;
import dev.latentq.worker.storage.S3ImageStore;
import dev.latentq.worker.storage.S3StoreOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a worker integration test talks to: a real broker and S3 server, one worker started against them, a job
 * client and an S3 store to read the images back. Closing stops them in reverse order.
 */
final class WorkerRig implements AutoCloseable {
  final TestCluster cluster;
  final WorkerService worker;
  final LatentQClient client;
  final Vertx vertx;
  final S3ImageStore store;

  private WorkerRig(TestCluster cluster, WorkerService worker, LatentQClient client, Vertx vertx,
      S3ImageStore store) {
    this.cluster = cluster;
    this.worker = worker;
    this.client = client;
    this.vertx = vertx;
    this.store = store;
  }

  /**
   * Starts the cluster with the default topics, {@code partitions} each for jobs and events (one for control and
   * dead letters), and a worker {@code workerId} whose environment adds {@code env} to the cluster's.
   */
  static WorkerRig start(Path dir, int partitions, String workerId, Map<String, String> env) {
    Topics names = Topics.DEFAULTS;
    TestCluster cluster = new TestCluster(dir, Map.of(names.jobs(), partitions, names.events(), partitions,
        names.control(), 1, names.deadLetter(), 1));
    try {
      WorkerService worker = WorkerService.start(cluster.workerConfig(workerId, env));
      Vertx vertx = Vertx.vertx();
      S3ImageStore store = new S3ImageStore(vertx, new S3Connection(cluster.stack().s3Endpoint(),
          cluster.stack().s3AccessKey(), cluster.stack().s3SecretKey(), "us-east-1"),
          RetryPolicy.withBudget(Duration.ofSeconds(10)), S3StoreOptions.defaults());
      return new WorkerRig(cluster, worker, cluster.client(names), vertx, store);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      client.close();
      worker.shutdown();
      store.close();
      vertx.close().await();
    } finally {
      cluster.close();
    }
  }
}
