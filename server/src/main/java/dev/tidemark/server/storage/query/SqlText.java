package dev.tidemark.server.storage.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement assembled from fixed fragments and the values bound to its placeholders, kept in the
 * order they appear, so fragments can be composed without counting parameter positions. Only
 * fragments written in this package reach the text; every value is bound.
 */
final class SqlText {

  /** Binds one value at a position. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps, int index) throws SQLException;
  }

  private final StringBuilder text = new StringBuilder();
  private final List<Binder> binders = new ArrayList<>();

  SqlText sql(String fragment) {
    text.append(fragment);
    return this;
  }

  SqlText text(String value) {
    binders.add((ps, i) -> ps.setString(i, value));
    return this;
  }

  SqlText number(double value) {
    binders.add((ps, i) -> ps.setDouble(i, value));
    return this;
  }

  SqlText integer(long value) {
    binders.add((ps, i) -> ps.setLong(i, value));
    return this;
  }

  SqlText time(Instant value) {
    OffsetDateTime t = OffsetDateTime.ofInstant(value, ZoneOffset.UTC);
    binders.add((ps, i) -> ps.setObject(i, t));
    return this;
  }

  SqlText array(String type, Object[] values) {
    binders.add((ps, i) -> ps.setArray(i, ps.getConnection().createArrayOf(type, values)));
    return this;
  }

  /** Appends another statement's text and values. */
  SqlText append(SqlText other) {
    text.append(other.text);
    binders.addAll(other.binders);
    return this;
  }

  /** {@code (a) UNION ALL (b) …}: one statement, one round trip; a single part stays as it is. */
  static SqlText unionAll(List<SqlText> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    SqlText out = new SqlText();
    for (int i = 0; i < parts.size(); i++) {
      out.sql(i == 0 ? "(" : ") UNION ALL (").append(parts.get(i));
    }
    return out.sql(")");
  }

  PreparedStatement prepare(Connection c) throws SQLException {
    PreparedStatement ps = c.prepareStatement(text.toString());
    try {
      for (int i = 0; i < binders.size(); i++) {
        binders.get(i).bind(ps, i + 1);
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
