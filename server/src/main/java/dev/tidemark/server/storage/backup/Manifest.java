package dev.tidemark.server.storage.backup;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.json} of a backup: the format, the schema version it was taken at, the instant of
 * its snapshot, the raw days it holds, and each table with its columns and row count.
 */
public record Manifest(
    int format, int schema, String snapshot, List<Long> rawDays, List<Entry> tables) {
  public static final String FILE = "manifest.json";
  public static final int FORMAT = 1;

  /** One table of the backup. */
  public record Entry(String table, List<String> columns, long rows) {}

  public long rows(String table) {
    return tables.stream().filter(e -> e.table().equals(table)).mapToLong(Entry::rows).sum();
  }

  void write(Path file) throws IOException {
    JsonArray tables = new JsonArray();
    for (Entry e : this.tables) {
      tables.add(
          new JsonObject()
              .put("table", e.table())
              .put("columns", new JsonArray(new ArrayList<Object>(e.columns())))
              .put("rows", e.rows()));
    }
    JsonObject json =
        new JsonObject()
            .put("format", format)
            .put("schema", schema)
            .put("snapshot", snapshot)
            .put("raw_days", new JsonArray(new ArrayList<Object>(rawDays)))
            .put("tables", tables);
    Files.writeString(file, json.encodePrettily(), StandardCharsets.UTF_8);
  }

  /** Reads a manifest; throws naming what is wrong with it. */
  public static Manifest read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "cannot restore backup: no " + FILE + " in " + dir + " (is it a Tidemark backup?)");
    }
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      if (json.getInteger("format", 0) != FORMAT) {
        throw new IllegalArgumentException(
            "cannot restore backup: unknown format [format=" + json.getValue("format") + "]");
      }
      List<Long> days = new ArrayList<>();
      json.getJsonArray("raw_days").forEach(d -> days.add(((Number) d).longValue()));
      List<Entry> tables = new ArrayList<>();
      for (Object o : json.getJsonArray("tables")) {
        JsonObject t = (JsonObject) o;
        List<String> columns = new ArrayList<>();
        t.getJsonArray("columns").forEach(c -> columns.add((String) c));
        tables.add(new Entry(t.getString("table"), columns, t.getLong("rows")));
      }
      return new Manifest(
          FORMAT, json.getInteger("schema"), json.getString("snapshot"), days, tables);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot restore backup: " + FILE + " is damaged: " + e.getMessage(), e);
    }
  }
}
