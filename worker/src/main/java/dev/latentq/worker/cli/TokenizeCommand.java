package dev.latentq.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentq.engine.tokenizer.ClipTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints a prompt's padded CLIP token ids, exactly what the text encoder receives. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = "Print the padded token ids of a prompt as a JSON array (last line of output).")
final class TokenizeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder (diffusers layout).")
  Path model;

  @Option(names = "--tokenizer", defaultValue = "tokenizer", paramLabel = "NAME",
      description = "Tokenizer folder inside the model: tokenizer (default) or tokenizer_2 (SDXL).")
  String tokenizer;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
  String prompt;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(model)) {
      throw new UsageException("model folder " + model
          + " does not exist: pass --model with a diffusers-layout folder");
    }
    Path dir = model.resolve(tokenizer);
    if (!Files.isDirectory(dir)) {
      throw new UsageException("tokenizer folder " + dir + " does not exist: use --tokenizer tokenizer or tokenizer_2");
    }
    int[] ids = ClipTokenizer.load(dir).encode(prompt).ids();
    spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(ids));
    return 0;
  }
}
