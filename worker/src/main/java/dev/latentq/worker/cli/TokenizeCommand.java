package dev.latentq.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.engine.prompt.ChunkedPrompt;
import dev.latentq.engine.prompt.PromptChunk;
import dev.latentq.engine.prompt.PromptChunker;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.prompt.WeightedText;
import dev.latentq.engine.tokenizer.ClipTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints a prompt's padded CLIP token ids, exactly what the text encoder receives; with {@code --chunks}, the
 * parsed fragments and every chunk's ids and emphasis weights as one JSON object.
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = "Print the padded token ids of a prompt as a JSON array (last line of output); with --chunks,"
        + " its fragments, chunks and weights as a JSON object.")
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

  @Option(names = "--chunks",
      description = "Print {prompt_syntax, fragments, token_count, chunks: [{ids, weights}]} as JSON: how the"
          + " prompt is parsed and split into 77-id chunks. A1111 chunks always come from the model's first"
          + " tokenizer; ids are padded as the encoder behind --tokenizer receives them.")
  boolean chunks;

  @Option(names = "--prompt-syntax", paramLabel = "SYNTAX",
      description = "With --chunks: a1111 (default here: chunks and weights are A1111 notions) or plain (the one"
          + " truncated window generate uses by default).")
  String promptSyntax;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(model)) {
      throw new UsageException("model folder " + model
          + " does not exist: pass --model with a diffusers-layout folder");
    }
    if (promptSyntax != null && !chunks) {
      throw new UsageException("--prompt-syntax needs --chunks: without it tokenize prints the plain padded ids");
    }
    PromptSyntax syntax = promptSyntax == null ? PromptSyntax.A1111 : PromptSyntaxOption.parse(promptSyntax);
    Path dir = model.resolve(tokenizer);
    if (!Files.isDirectory(dir)) {
      throw new UsageException("tokenizer folder " + dir + " does not exist: use --tokenizer tokenizer or tokenizer_2");
    }
    ClipTokenizer chosen = ClipTokenizer.load(dir);
    ObjectMapper json = new ObjectMapper();
    if (!chunks) {
      spec.commandLine().getOut().println(json.writeValueAsString(chosen.encode(prompt).ids()));
      return 0;
    }
    ChunkedPrompt chunked = syntax == PromptSyntax.PLAIN ? plain(chosen) : a1111(dir, chosen);
    ObjectNode out = json.createObjectNode();
    out.put("prompt_syntax", syntax.wireName());
    ArrayNode fragments = out.putArray("fragments");
    for (WeightedText fragment : chunked.fragments()) {
      // A1111 marks BREAK with the integer -1; print it the same way so outputs compare equal.
      ArrayNode pair = fragments.addArray().add(fragment.text());
      if (fragment.isBreak()) {
        pair.add(-1);
      } else {
        pair.add(fragment.weight());
      }
    }
    out.put("token_count", chunked.tokenCount());
    ArrayNode list = out.putArray("chunks");
    for (PromptChunk chunk : chunked.chunks()) {
      ObjectNode node = list.addObject();
      ArrayNode ids = node.putArray("ids");
      for (int id : chunk.idsPaddedWith(chosen.endId(), chosen.padId())) {
        ids.add(id);
      }
      ArrayNode weights = node.putArray("weights");
      for (double w : chunk.weights()) {
        weights.add(w);
      }
    }
    spec.commandLine().getOut().println(json.writeValueAsString(out));
    return 0;
  }

  private ChunkedPrompt plain(ClipTokenizer chosen) {
    return new ChunkedPrompt(List.of(new WeightedText(prompt, 1.0)),
        List.of(PromptChunk.unweighted(chosen.encode(prompt).ids())), chosen.contentIds(prompt).length);
  }

  private ChunkedPrompt a1111(Path dir, ClipTokenizer chosen) {
    Path first = model.resolve("tokenizer");
    ClipTokenizer chunking = dir.equals(first) || !Files.isDirectory(first) ? chosen : ClipTokenizer.load(first);
    return new PromptChunker(chunking).chunk(prompt);
  }
}
