package dev.tidemark.server.storage.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables a backup holds: every table of the {@code public} schema (a partitioned table or a
 * hypertable as one, never its partitions or chunks) but {@code schema_migrations}, with the
 * columns a copy can write (generated columns are recomputed), parents before the tables that
 * reference them; then, on TimescaleDB, each continuous aggregate by its view's name, copied from
 * and into its materialization hypertable. The tiers are copied rather than recomputed because they
 * outlive raw data: a tier holds days whose raw rows retention has already dropped.
 */
final class Tables {
  /**
   * One table and its writable columns; {@code source} is the relation rows are copied from and
   * into: the table itself, or a continuous aggregate's materialization hypertable.
   */
  record Table(String name, String source, List<String> columns) {
    String columnList() {
      return String.join(", ", columns.stream().map(c -> '"' + c + '"').toList());
    }
  }

  private Tables() {}

  static List<Table> list(Connection c) throws SQLException {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT t.relname, a.attname FROM pg_class t"
                    + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = t.oid"
                    + " WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p')"
                    + " AND NOT t.relispartition AND t.relname <> 'schema_migrations'"
                    + " AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''"
                    + " ORDER BY t.relname, a.attnum");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT child.relname, parent.relname FROM pg_constraint f"
                    + " JOIN pg_class child ON child.oid = f.conrelid"
                    + " JOIN pg_class parent ON parent.oid = f.confrelid"
                    + " JOIN pg_namespace n ON n.oid = child.relnamespace"
                    + " WHERE f.contype = 'f' AND n.nspname = 'public'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        parents.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
      }
    }
    Set<String> ordered = new LinkedHashSet<>();
    for (String name : columns.keySet()) {
      visit(name, parents, ordered, new LinkedHashSet<>());
    }
    List<Table> out = new ArrayList<>();
    for (String name : ordered) {
      if (columns.containsKey(name)) {
        out.add(new Table(name, name, columns.get(name)));
      }
    }
    out.addAll(continuousAggregates(c));
    return out;
  }

  private static List<Table> continuousAggregates(Connection c) throws SQLException {
    List<Table> out = new ArrayList<>();
    if (!installed(c, "timescaledb")) {
      return out;
    }
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT v.view_name, format('%I.%I', v.materialization_hypertable_schema,"
                    + " v.materialization_hypertable_name),"
                    + " array_agg(a.attname::text ORDER BY a.attnum)"
                    + " FROM timescaledb_information.continuous_aggregates v"
                    + " JOIN pg_attribute a ON a.attrelid = format('%I.%I',"
                    + " v.materialization_hypertable_schema,"
                    + " v.materialization_hypertable_name)::regclass"
                    + " WHERE v.view_schema = 'public' AND a.attnum > 0 AND NOT a.attisdropped"
                    + " GROUP BY 1, 2 ORDER BY 1");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Table(
                rs.getString(1), rs.getString(2), List.of((String[]) rs.getArray(3).getArray())));
      }
    }
    return out;
  }

  static boolean installed(Connection c, String extension) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT count(*) FROM pg_extension WHERE extname = ?")) {
      ps.setString(1, extension);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  private static void visit(
      String name, Map<String, Set<String>> parents, Set<String> done, Set<String> path) {
    if (done.contains(name) || !path.add(name)) {
      return; // done, or a cycle (a self-reference): its rows load in one statement anyway
    }
    for (String parent : parents.getOrDefault(name, Set.of())) {
      visit(parent, parents, done, path);
    }
    done.add(name);
  }
}
