package dev.latentq.loadtest.mix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ShapesWorldTest {

  private static final Pattern PROMPT = Pattern.compile(
      "a (red|green|blue|yellow|purple|orange|white|black) (circle|square|triangle) on a "
          + "(red|green|blue|yellow|purple|orange|white|black) background");

  @Test
  void promptsStayInsideTheWorldWithShapeAndBackgroundInDifferentColours() {
    Random random = new Random(3);
    Set<String> shapeColours = new HashSet<>();
    Set<String> backgrounds = new HashSet<>();
    Set<String> shapes = new HashSet<>();

    for (int i = 0; i < 2_000; i++) {
      String prompt = ShapesWorld.prompt(random);
      Matcher m = PROMPT.matcher(prompt);
      assertThat(m.matches()).as(prompt).isTrue();
      assertThat(m.group(1)).as(prompt).isNotEqualTo(m.group(3));
      shapeColours.add(m.group(1));
      shapes.add(m.group(2));
      backgrounds.add(m.group(3));
    }

    assertThat(shapeColours).containsExactlyInAnyOrderElementsOf(ShapesWorld.COLOURS);
    assertThat(backgrounds).containsExactlyInAnyOrderElementsOf(ShapesWorld.COLOURS);
    assertThat(shapes).containsExactlyInAnyOrderElementsOf(ShapesWorld.SHAPES);
  }
}
