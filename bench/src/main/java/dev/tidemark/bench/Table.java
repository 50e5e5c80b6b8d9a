package dev.tidemark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one output of every benchmark: figure, value, baseline, ratio, goal. */
public final class Table {
  record Row(String figure, String value, String baseline, double ratio, String goal) {}

  private final String title;
  private final List<Row> rows = new ArrayList<>();

  public Table(String title) {
    this.title = title;
  }

  public void add(String figure, String value, String baseline, double ratio, String goal) {
    rows.add(new Row(figure, value, baseline, ratio, goal));
    System.out.printf(
        Locale.ROOT,
        "  measured: %s = %s (baseline %s, ratio %.2f)%n",
        figure,
        value,
        baseline,
        ratio);
  }

  public String markdown(String machine) {
    StringBuilder sb = new StringBuilder();
    sb.append("\n### ").append(title).append("\n\n");
    sb.append("| figure | value | baseline | ratio | goal |\n|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.2f | %s |%n",
              r.figure(),
              r.value(),
              r.baseline(),
              r.ratio(),
              r.goal()));
    }
    sb.append("\nMachine: ").append(machine).append('\n');
    return sb.toString();
  }
}
