package dev.latentq.loadtest.report;

import java.util.ArrayList;
import java.util.List;

/** Builds a GitHub-flavoured Markdown table; numeric columns can be right-aligned. Not thread-safe. */
public final class MarkdownTable {

  private final List<String> header;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these column titles; columns from {@code firstNumeric} on are right-aligned. */
  public MarkdownTable(List<String> header, int firstNumeric) {
    this.header = List.copyOf(header);
    this.rightAligned = new boolean[header.size()];
    for (int i = firstNumeric; i < header.size(); i++) {
      rightAligned[i] = true;
    }
  }

  public MarkdownTable row(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, the table " + header.size());
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  public MarkdownTable row(String... cells) {
    return row(List.of(cells));
  }

  public String render() {
    StringBuilder text = new StringBuilder();
    line(text, header);
    text.append('|');
    for (boolean right : rightAligned) {
      text.append(right ? " ---: |" : " --- |");
    }
    text.append('\n');
    rows.forEach(row -> line(text, row));
    return text.toString();
  }

  private static void line(StringBuilder text, List<String> cells) {
    text.append('|');
    for (String cell : cells) {
      text.append(' ').append(cell.replace("|", "\\|")).append(" |");
    }
    text.append('\n');
  }
}
