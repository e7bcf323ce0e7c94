package dev.latentq.worker.cli;

import dev.latentq.worker.config.ConfigLoader;
import dev.latentq.worker.config.WorkerConfig;
import dev.latentq.worker.service.SignalDrain;
import dev.latentq.worker.service.WorkerService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the Kafka job worker until SIGTERM (drain) or a second signal (immediate exit). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the Kafka job worker.",
        "Configuration: a YAML or JSON file (see latentq-example.yaml in the jar), every key overridable by",
        "LATENTQ_* environment variables (e.g. LATENTQ_KAFKA_BOOTSTRAP, LATENTQ_MODELS=id=folder,id=folder)."})
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON configuration file.")
  Path config;

  @Override
  public Integer call() {
    if (config != null && !Files.isRegularFile(config)) {
      throw new UsageException("configuration file " + config + " does not exist: pass --config with a YAML or JSON"
          + " file, or configure through LATENTQ_* environment variables");
    }
    WorkerConfig settings = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
    WorkerService worker = WorkerService.start(settings);
    SignalDrain.install(worker::shutdown);
    worker.terminated().join();
    return 0;
  }
}
