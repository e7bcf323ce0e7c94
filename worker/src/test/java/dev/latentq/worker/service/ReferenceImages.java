package dev.latentq.worker.service;

import dev.latentq.worker.cli.Version;
import dev.latentq.engine.image.PngEncoder;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DecodedImage;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationParameters;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.pipeline.OneShotGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The PNGs the {@code generate} command writes for a request: what every stored image must equal. */
final class ReferenceImages implements AutoCloseable {
  private final Map<String, DiffusionModel> models = new HashMap<>();
  private final PngEncoder png = new PngEncoder();

  /** PNG bytes of each image of {@code request} on the fixture model {@code modelId}. */
  List<byte[]> pngs(String modelId, Path folder, GenerationRequest request) {
    DiffusionModel model = models.computeIfAbsent(modelId, id -> DiffusionModel.load(folder, RuntimeOptions.cpu()));
    List<byte[]> out = new ArrayList<>();
    for (DecodedImage image : new OneShotGenerator(model, 16).generate(request)) {
      Map<String, String> text = new LinkedHashMap<>();
      text.put("parameters", GenerationParameters.describe(modelId, request, image.index(), Version.current()));
      out.add(png.encode(image.image(), text));
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    png.close();
    for (DiffusionModel model : models.values()) {
      model.close();
    }
  }
}
