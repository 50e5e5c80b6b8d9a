package dev.tidemark.server.ingest.influx;

import dev.tidemark.protocol.Labels;
import dev.tidemark.server.ingest.SeriesRef;
import java.util.Arrays;

/**
 * What a line's measurement and tags were made into the first time their bytes were seen: the
 * measurement, the labels, or the error that rejects every line that has them; and, per field key
 * met after them, the series of that field ({@link SeriesRef}, or the problem {@link
 * dev.tidemark.protocol.SampleRules} found with it). Shared by the threads parsing requests: the
 * field list is copied on write, its entries immutable; at most {@link #MAX_FIELDS} are kept.
 */
final class SeriesPart {
  static final int MAX_FIELDS = 64;

  /** One field key after this measurement and tags: its raw bytes, name, and series. */
  record Field(byte[] raw, String key, SeriesRef ref, String problem) {}

  private final String measurement;
  private final Labels labels;
  private final String error;
  private volatile Field[] fields = new Field[0];

  SeriesPart(String measurement, Labels labels, String error) {
    this.measurement = measurement;
    this.labels = labels;
    this.error = error;
  }

  String measurement() {
    return measurement;
  }

  Labels labels() {
    return labels;
  }

  String error() {
    return error;
  }

  /** The field whose raw key is {@code body[from, to)}, or null. */
  Field field(byte[] body, int from, int to) {
    for (Field f : fields) {
      if (Arrays.equals(f.raw(), 0, f.raw().length, body, from, to)) {
        return f;
      }
    }
    return null;
  }

  /** Makes (and keeps, while there is room) the field of a key met for the first time. */
  Field add(byte[] body, int from, int to, String key, String metric, String problem) {
    Field f =
        new Field(
            Arrays.copyOfRange(body, from, to),
            key,
            problem == null ? new SeriesRef(metric, labels) : null,
            problem);
    synchronized (this) {
      Field[] now = fields;
      if (now.length < MAX_FIELDS) {
        Field[] more = Arrays.copyOf(now, now.length + 1);
        more[now.length] = f;
        fields = more;
      }
    }
    return f;
  }
}
