package dev.latentq.loadtest.mix;

import java.util.List;
import java.util.Random;

/**
 * The prompt world of the demo model {@code shapes-sd}: "a {colour} {shape} on a {colour} background", with the shape
 * and the background in different colours. Stateless.
 */
public final class ShapesWorld {

  /** Model id of the demo model. */
  public static final String MODEL_ID = "shapes-sd";
  /** Its native image side in pixels. */
  public static final int SIZE = 128;
  /** The colours the model knows. */
  public static final List<String> COLOURS =
      List.of("red", "green", "blue", "yellow", "purple", "orange", "white", "black");
  /** The shapes the model knows. */
  public static final List<String> SHAPES = List.of("circle", "square", "triangle");

  private ShapesWorld() {
  }

  /** A random prompt of the world. */
  public static String prompt(Random random) {
    int colour = random.nextInt(COLOURS.size());
    // A background in the shape's own colour would hide the shape; draw from the other seven.
    int background = (colour + 1 + random.nextInt(COLOURS.size() - 1)) % COLOURS.size();
    String shape = SHAPES.get(random.nextInt(SHAPES.size()));
    return "a " + COLOURS.get(colour) + " " + shape + " on a " + COLOURS.get(background) + " background";
  }
}
