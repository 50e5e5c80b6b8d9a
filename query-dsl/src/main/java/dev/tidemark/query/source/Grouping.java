package dev.tidemark.query.source;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which series a fetch aggregates together. The returned series' labels are the group key.
 *
 * @param mode how to group
 * @param labels the grouping labels for {@link Mode#BY}, empty otherwise
 */
public record Grouping(Mode mode, List<String> labels) {

  public Grouping {
    labels = List.copyOf(labels);
  }

  /** Each matching series is its own group; its labels are all of the series' labels. */
  public static Grouping perSeries() {
    return new Grouping(Mode.PER_SERIES, List.of());
  }

  /** All matching series form one group with no labels. */
  public static Grouping all() {
    return new Grouping(Mode.ALL, List.of());
  }

  /** Series with equal values of these labels form a group; an absent label is left out. */
  public static Grouping by(List<String> labels) {
    return new Grouping(Mode.BY, labels);
  }

  /** The group key (the output labels) of a series with these labels. */
  public Map<String, String> keyOf(Map<String, String> seriesLabels) {
    switch (mode) {
      case PER_SERIES:
        return new TreeMap<>(seriesLabels);
      case ALL:
        return Map.of();
      default:
        Map<String, String> key = new TreeMap<>();
        for (String l : labels) {
          String v = seriesLabels.get(l);
          if (v != null) {
            key.put(l, v);
          }
        }
        return key;
    }
  }

  /** Grouping modes. */
  public enum Mode {
    PER_SERIES,
    ALL,
    BY
  }
}
