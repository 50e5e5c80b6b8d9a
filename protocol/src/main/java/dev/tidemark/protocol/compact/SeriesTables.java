package dev.tidemark.protocol.compact;

import dev.tidemark.protocol.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's side of the epochs: per agent, the series of its current epoch, for the agents heard
 * from most recently (least recently heard from forgotten first; such an agent is answered 409 once
 * and defines its series again). Thread-safe.
 */
public final class SeriesTables {
  private final int maxAgents;
  private final int maxSeries;
  private final Map<String, Table> tables;

  /** The series one agent defined in one epoch, by id. */
  static final class Table {
    final long epoch;
    final List<String> metrics = new ArrayList<>();
    final List<Labels> labels = new ArrayList<>();

    Table(long epoch) {
      this.epoch = epoch;
    }

    /** Defines id (false when it was defined as another series: the agent is confused). */
    boolean define(int id, String metric, Labels l) {
      while (metrics.size() <= id) {
        metrics.add(null);
        labels.add(null);
      }
      if (metrics.get(id) != null) {
        return metrics.get(id).equals(metric) && labels.get(id).equals(l);
      }
      metrics.set(id, metric);
      labels.set(id, l);
      return true;
    }

    /** The metric of id, or null when it is not defined. */
    String metric(int id) {
      return id < metrics.size() ? metrics.get(id) : null;
    }

    Labels labels(int id) {
      return labels.get(id);
    }
  }

  public SeriesTables(int maxAgents, int maxSeries) {
    this.maxAgents = maxAgents;
    this.maxSeries = maxSeries;
    this.tables =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Table> eldest) {
            return size() > SeriesTables.this.maxAgents;
          }
        };
  }

  public static SeriesTables defaults() {
    return new SeriesTables(10_000, CompactWriter.MAX_SERIES);
  }

  int maxSeries() {
    return maxSeries;
  }

  /** The agent's table for this epoch: the one kept, or a new empty one replacing it. */
  synchronized Table table(String agent, long epoch) {
    Table t = tables.get(agent);
    if (t == null || t.epoch != epoch) {
      t = new Table(epoch);
      tables.put(agent, t);
    }
    return t;
  }
}
