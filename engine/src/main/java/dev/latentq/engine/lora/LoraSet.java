package dev.latentq.engine.lora;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The LoRAs of a request, in a canonical order: the same files at the same scales make an equal set whatever order
 * they were given in (the deltas add, so order does not change the weights). A model builds one patched variant per
 * set and reuses it; jobs share U-Net calls only with jobs of an equal set.
 */
public record LoraSet(List<LoraWeight> weights) {
  public static final LoraSet NONE = new LoraSet(List.of());

  public LoraSet {
    List<LoraWeight> sorted = new ArrayList<>(weights);
    sorted.sort(LoraWeight.ORDER);
    weights = List.copyOf(sorted);
  }

  public static LoraSet of(LoraWeight... weights) {
    return new LoraSet(List.of(weights));
  }

  public boolean isEmpty() {
    return weights.isEmpty();
  }

  public int size() {
    return weights.size();
  }

  @Override
  public String toString() {
    return isEmpty() ? "no LoRA" : weights.stream().map(LoraWeight::toString).collect(Collectors.joining(", "));
  }
}
