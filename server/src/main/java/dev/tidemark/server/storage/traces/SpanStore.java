package dev.tidemark.server.storage.traces;

import dev.tidemark.protocol.Span;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.traces.search.SpanQuery;
import dev.tidemark.traces.search.TraceSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of the span table: a trace by id, searches, services and operations, attribute names and
 * values; and its retention. Every value is a bound parameter; attribute keys too.
 */
public final class SpanStore {
  private static final int MAX_MATCHED_ROWS = 20_000;

  private final Database database;
  private final Clock clock;

  public SpanStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The spans of one trace in start order; empty when none is stored. */
  public List<Span> trace(String traceIdHex) throws SQLException {
    byte[] id = HexFormat.of().parseHex(traceIdHex);
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + SpanReader.COLUMNS
                      + " FROM spans WHERE trace_id = ? ORDER BY start_ns, span_id")) {
            ps.setBytes(1, id);
            return spans(ps);
          }
        });
  }

  /**
   * Traces with a span that matches, newest first; matched spans without their attributes. Matched
   * spans are read in pages (four per trace asked for, then twice as many each time) until the page
   * holds enough distinct traces, so a search does not read fifty rows per trace when most traces
   * match once.
   */
  public List<TraceSummary> search(SpanQuery q) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + SpanReader.LIGHT_COLUMNS + " FROM spans WHERE true");
    List<Object> params = new ArrayList<>();
    where(q, sql, params);
    sql.append(" ORDER BY start_time DESC LIMIT ? OFFSET ?");
    int limit = Math.max(1, q.limit());
    return database.withConnection(
        c -> {
          Map<String, List<Span>> byTrace = new LinkedHashMap<>();
          java.util.Set<String> seen = new java.util.HashSet<>();
          int offset = 0;
          int page = Math.max(50, limit * 4);
          while (offset < MAX_MATCHED_ROWS) {
            List<Span> rows;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
              bind(ps, params);
              ps.setInt(params.size() + 1, page);
              ps.setInt(params.size() + 2, offset);
              rows = spans(ps);
            }
            for (Span s : rows) {
              boolean room = byTrace.size() < limit || byTrace.containsKey(s.traceId());
              if (room && seen.add(s.traceId() + s.spanId())) {
                byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
              }
            }
            if (rows.size() < page || byTrace.size() >= limit) {
              break;
            }
            offset += page;
            page *= 2;
          }
          return summaries(c, byTrace);
        });
  }

  private static void where(SpanQuery q, StringBuilder sql, List<Object> params) {
    condition(sql, params, " AND service = ?", q.service());
    condition(sql, params, " AND operation = ?", q.operation());
    condition(sql, params, " AND release = ?", q.release());
    condition(
        sql, params, " AND start_time >= ?", q.from() == null ? null : Timestamp.from(q.from()));
    condition(sql, params, " AND start_time < ?", q.to() == null ? null : Timestamp.from(q.to()));
    condition(sql, params, " AND duration_ns >= ?", q.minDurationNanos());
    condition(sql, params, " AND duration_ns <= ?", q.maxDurationNanos());
    condition(sql, params, " AND status_code = ?", q.statusCode());
    condition(sql, params, " AND kind = ?", q.kind());
    for (Map.Entry<String, String> a : q.spanAttributes().entrySet()) {
      // containment, so the GIN index answers it; one alternative per type the text could be
      List<String> alternatives = AttributeMatch.containments(a.getKey(), a.getValue());
      sql.append(" AND (");
      for (int i = 0; i < alternatives.size(); i++) {
        sql.append(i == 0 ? "" : " OR ").append("attributes @> ?::jsonb");
        params.add(alternatives.get(i));
      }
      sql.append(')');
    }
    for (Map.Entry<String, String> a : q.resourceAttributes().entrySet()) {
      sql.append(" AND resource ->> ? = ?");
      params.add(a.getKey());
      params.add(a.getValue());
    }
  }

  private static void condition(StringBuilder sql, List<Object> params, String text, Object v) {
    if (v != null) {
      sql.append(text);
      params.add(v instanceof Integer i ? i.shortValue() : v);
    }
  }

  private List<TraceSummary> summaries(Connection c, Map<String, List<Span>> byTrace)
      throws SQLException {
    if (byTrace.isEmpty()) {
      return List.of();
    }
    Map<String, long[]> extent = new LinkedHashMap<>();
    Map<String, String[]> roots = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT ON (trace_id) encode(trace_id, 'hex'), service, operation, release,"
                + " min(start_ns) OVER w, max(start_ns + duration_ns) OVER w, count(*) OVER w,"
                + " count(*) FILTER (WHERE status_code = 2) OVER w"
                + " FROM spans WHERE trace_id = ANY(SELECT decode(unnest(?::text[]), 'hex'))"
                + " WINDOW w AS (PARTITION BY trace_id)"
                + " ORDER BY trace_id, parent_span_id IS NOT NULL, start_ns")) {
      ps.setArray(1, c.createArrayOf("text", byTrace.keySet().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          roots.put(
              rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
          extent.put(
              rs.getString(1),
              new long[] {rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)});
        }
      }
    }
    List<TraceSummary> out = new ArrayList<>();
    for (Map.Entry<String, List<Span>> t : byTrace.entrySet()) {
      String[] root = roots.get(t.getKey());
      long[] e = extent.get(t.getKey());
      if (root == null) {
        continue; // deleted by retention between the two reads
      }
      out.add(
          new TraceSummary(
              t.getKey(),
              root[0],
              root[1],
              root[2],
              e[0],
              e[1] - e[0],
              (int) e[2],
              (int) e[3],
              t.getValue()));
    }
    return out;
  }

  /** A slow span of a release: an exemplar linking a regression to the traces behind it. */
  public record Exemplar(String traceId, String spanId, long durationNanos) {}

  /** The slowest spans of an operation in a release, slowest first. */
  public static List<Exemplar> slowest(
      Connection c, String service, String release, String operation, int limit)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT encode(trace_id, 'hex'), encode(span_id, 'hex'), duration_ns FROM spans"
                + " WHERE service = ? AND release = ? AND operation = ?"
                + " ORDER BY duration_ns DESC LIMIT ?")) {
      ps.setString(1, service);
      ps.setString(2, release);
      ps.setString(3, operation);
      ps.setInt(4, limit);
      List<Exemplar> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Exemplar(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return out;
    }
  }

  public List<String> services() throws SQLException {
    return strings("SELECT DISTINCT service FROM spans ORDER BY 1", List.of());
  }

  public List<String> operations(String service) throws SQLException {
    return strings(
        "SELECT DISTINCT operation FROM spans WHERE service = ? ORDER BY 1", List.of(service));
  }

  /** Distinct span names (operations) over all services. */
  public List<String> attributeValuesOfColumn(String column, int max) throws SQLException {
    if (!column.equals("operation")) {
      throw new IllegalArgumentException("cannot list values of column " + column);
    }
    return strings("SELECT DISTINCT operation FROM spans ORDER BY 1 LIMIT ?", List.of(max));
  }

  public List<String> releases(String service) throws SQLException {
    return strings(
        "SELECT DISTINCT release FROM spans WHERE service = ? AND release IS NOT NULL ORDER BY 1",
        List.of(service));
  }

  /** Attribute names of the newest spans: {@code column} is "attributes" or "resource". */
  public List<String> attributeNames(boolean resource, int sample) throws SQLException {
    String column = resource ? "resource" : "attributes";
    return strings(
        "SELECT DISTINCT k FROM (SELECT "
            + column
            + " AS a FROM spans ORDER BY start_time DESC"
            + " LIMIT ?) s, jsonb_object_keys(s.a) AS k ORDER BY 1",
        List.of(sample));
  }

  /** Values one attribute has on the newest spans. */
  public List<String> attributeValues(boolean resource, String name, int sample, int max)
      throws SQLException {
    String column = resource ? "resource" : "attributes";
    return strings(
        "SELECT DISTINCT v FROM (SELECT "
            + column
            + " ->> ? AS v FROM spans"
            + " ORDER BY start_time DESC LIMIT ?) s WHERE v IS NOT NULL ORDER BY 1 LIMIT ?",
        List.of(name, sample, max));
  }

  /**
   * Spans older than {@code keep} go: whole chunks on TimescaleDB ({@code drop_chunks}), rows on
   * plain PostgreSQL. Returns the rows deleted (-1 for chunks dropped, whose rows are not counted).
   */
  public long expire(Connection c, Flavor flavor, Duration keep) throws SQLException {
    Timestamp cutoff = Timestamp.from(clock.instant().minus(keep));
    if (flavor == Flavor.TIMESCALEDB) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT count(*) FROM drop_chunks('spans', older_than => ?::timestamptz)")) {
        ps.setTimestamp(1, cutoff);
        ps.executeQuery().close();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM spans WHERE start_time < ?")) {
        ps.setTimestamp(1, cutoff); // what is left of the chunk that straddles the cutoff
        return ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM spans WHERE start_time < ?")) {
      ps.setTimestamp(1, cutoff);
      return ps.executeUpdate();
    }
  }

  public Instant now() {
    return clock.instant();
  }

  private List<String> strings(String sql, List<Object> params) throws SQLException {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
            return out;
          }
        });
  }

  private static List<Span> spans(PreparedStatement ps) throws SQLException {
    List<Span> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(SpanReader.row(rs));
      }
    }
    return out;
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }
}
