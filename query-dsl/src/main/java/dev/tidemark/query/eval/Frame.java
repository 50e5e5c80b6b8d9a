package dev.tidemark.query.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One result table, shaped for Grafana's Infinity datasource: {@code {"name":…, "labels":{…},
 * "columns":["time","value"], "values":[[…]], "meta":{…}}}. Cells are {@link Long} (times), {@link
 * Double}, {@link Integer}, {@link String}, {@link Boolean} or null; meta values may also be lists
 * and maps of those.
 */
public record Frame(
    String name,
    Map<String, String> labels,
    List<String> columns,
    List<List<Object>> values,
    Map<String, Object> meta) {

  public Frame {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    columns = List.copyOf(columns);
    if (!(values instanceof SeriesRows)) { // already unmodifiable
      List<List<Object>> rows = new ArrayList<>(values.size());
      for (List<Object> row : values) {
        rows.add(immutable(row));
      }
      values = Collections.unmodifiableList(rows);
    }
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /**
   * An unmodifiable copy of a row; a row built with {@code List.of} is already one and is kept (a
   * series frame holds a row per point, so copying each twice showed in the query profile).
   */
  private static List<Object> immutable(List<Object> row) {
    for (Object cell : row) {
      if (cell == null) {
        return Collections.unmodifiableList(new ArrayList<>(row));
      }
    }
    return List.copyOf(row);
  }

  /** Renders this frame as JSON. */
  public String toJson() {
    StringBuilder out = new StringBuilder();
    FrameJson.write(this, out);
    return out.toString();
  }
}
