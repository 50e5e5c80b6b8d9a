package dev.tidemark.server.storage.releases;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** jsonb parameters and columns: bound as text and cast in SQL ({@code ?::jsonb}). */
final class Jsonb {
  private Jsonb() {}

  static void bind(PreparedStatement ps, int index, Object json) throws SQLException {
    if (json == null) {
      ps.setNull(index, Types.VARCHAR);
    } else if (json instanceof JsonObject o) {
      ps.setString(index, o.encode());
    } else {
      ps.setString(index, ((JsonArray) json).encode());
    }
  }

  static JsonObject object(String text) {
    return text == null ? null : new JsonObject(text);
  }

  static JsonArray array(String text) {
    return text == null ? new JsonArray() : new JsonArray(text);
  }
}
