package dev.latentq.loadtest.report;

/**
 * What the x axis of an aggregate is: the offered rate, or a numeric label such as {@code maxBatch}.
 *
 * @param label nullable: the label to read; null means the offered rate
 */
public record SweepAxis(String label) {

  /** The offered rate in jobs per second. */
  public static final SweepAxis OFFERED_RATE = new SweepAxis(null);

  /**
   * Parses {@code offeredRate} or {@code label:NAME}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static SweepAxis parse(String text) {
    if (text == null || text.equals("offeredRate")) {
      return OFFERED_RATE;
    }
    if (text.startsWith("label:") && text.length() > "label:".length()) {
      return new SweepAxis(text.substring("label:".length()));
    }
    throw new IllegalArgumentException("x axis '" + text + "' is unknown: use offeredRate or label:NAME (a label "
        + "given to `run --label NAME=VALUE`)");
  }

  /** The axis title. */
  public String title() {
    return label == null ? "offered load (jobs/s)" : label;
  }

  /**
   * This axis' value in {@code summary}.
   *
   * @throws IllegalArgumentException naming the source when the summary has no such value
   */
  public double valueOf(RunSummary summary, String source) {
    if (label == null) {
      if (summary.offeredRate() == null) {
        throw new IllegalArgumentException(source + " is a burst run without an offered rate: aggregate rate runs, "
            + "or use --x label:NAME");
      }
      return summary.offeredRate();
    }
    String value = summary.labels().get(label);
    if (value == null) {
      throw new IllegalArgumentException(source + " has no label '" + label + "' (labels: " + summary.labels()
          + "): pass --label " + label + "=VALUE to `run`");
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " has label " + label + "=" + value + ", which is not a number: "
          + "the x axis needs numbers", e);
    }
  }
}
