package dev.tidemark.server.ingest.influx;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one line of InfluxDB line protocol straight from the request's bytes:
 *
 * <pre>
 * measurement[,tag_key=tag_value…] field_key=field_value[,…] [timestamp]
 * </pre>
 *
 * Escaping follows InfluxDB: a backslash escapes comma and space in the measurement; comma, equals
 * sign and space in tag keys, tag values and field keys; double quote and backslash inside string
 * field values. A backslash before any other character is itself. Field values: float ({@code 1},
 * {@code -1.5e3}), integer ({@code 1i}), unsigned ({@code 1u}), boolean ({@code t T true True TRUE
 * f F false False FALSE}) and string ({@code "…"}, reported by {@link #stringValue}). Every syntax
 * character is ASCII, so bytes are parsed as UTF-8 text would be; names become strings only when
 * {@link LineProtocolParser} meets a series it does not know. Plain decimals, integers and
 * timestamps are read without a string; other numbers take the general path. One parser per thread,
 * reset for each line.
 */
final class LineParser {
  /** The measurement and tags of a line, unescaped, tags in their order. */
  record Series(String measurement, Map<String, String> tags) {}

  private byte[] b;
  private int start;
  private int pos;
  private int end;

  /** Whether the last {@link #value} was a string field. */
  boolean stringValue;

  /** Whether the last {@link #timestamp} found one. */
  boolean timed;

  void reset(byte[] body, int from, int to) {
    b = body;
    start = from;
    pos = from;
    end = to;
  }

  byte[] bytes() {
    return b;
  }

  int position() {
    return pos;
  }

  void position(int p) {
    pos = p;
  }

  /** Where the measurement and tags end: the first unescaped space, or the line's end. */
  int seriesEnd() {
    int i = pos;
    while (i < end) {
      byte c = b[i];
      if (c == '\\' && i + 1 < end && (b[i + 1] == ',' || b[i + 1] == ' ' || b[i + 1] == '=')) {
        i += 2;
      } else if (c == ' ') {
        return i;
      } else {
        i++;
      }
    }
    return end;
  }

  /** Reads the measurement and tags. */
  Series series() throws LineFormatException {
    String measurement = token(", ", ", ");
    if (measurement.isEmpty()) {
      throw new LineFormatException("measurement is missing");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    while (peek() == ',') {
      pos++;
      String key = token(",= ", ",= ");
      expect('=', "after tag key " + key);
      String value = token(", ", ",= ");
      if (key.isEmpty() || value.isEmpty()) {
        throw new LineFormatException("tag " + (key.isEmpty() ? "key" : key) + " is empty");
      }
      tags.put(key, value);
    }
    return new Series(measurement, tags);
  }

  /** After the series: the spaces before the fields. */
  void fieldsStart() throws LineFormatException {
    if (!skipSpaces()) {
      throw new LineFormatException("fields are missing");
    }
  }

  /** Where the field key at the position ends (an unescaped comma, equals sign or space). */
  int keyEnd() {
    int i = pos;
    while (i < end) {
      byte c = b[i];
      if (c == '\\' && i + 1 < end && (b[i + 1] == ',' || b[i + 1] == ' ' || b[i + 1] == '=')) {
        i += 2;
      } else if (c == ',' || c == '=' || c == ' ') {
        return i;
      } else {
        i++;
      }
    }
    return end;
  }

  /** Reads a field key, unescaped. */
  String key() throws LineFormatException {
    String key = token(",= ", ",= ");
    if (key.isEmpty()) {
      throw new LineFormatException("field key is empty");
    }
    return key;
  }

  /** After a value: true when another field follows (and moves past the comma). */
  boolean nextField() {
    if (peek() != ',') {
      return false;
    }
    pos++;
    return true;
  }

  /** The field's value after its {@code =}; for a string field {@link #stringValue} is set. */
  double value(String key) throws LineFormatException {
    if (peek() != '=') { // not expect(): its message would be built for every field
      expect('=', "after field key " + key);
    }
    pos++;
    stringValue = false;
    if (peek() == '"') {
      pos++;
      while (pos < end) {
        byte c = b[pos];
        if (c == '\\' && pos + 1 < end) {
          pos += 2;
        } else if (c == '"') {
          pos++;
          stringValue = true;
          return 0;
        } else {
          pos++;
        }
      }
      throw new LineFormatException("string value of field " + key + " has no closing quote");
    }
    int from = pos;
    while (pos < end && b[pos] != ',' && b[pos] != ' ') {
      pos++;
    }
    if (pos == from) {
      throw new LineFormatException("value of field " + key + " is missing");
    }
    double v = LineNumbers.plain(b, from, pos);
    if (!Double.isNaN(v)) {
      return v;
    }
    String text = text(from, pos);
    Double d = LineNumbers.parse(text);
    if (d == null) {
      throw new LineFormatException(
          "value " + shown(text) + " of field " + key + " is not a number, boolean or string");
    }
    return d;
  }

  /**
   * The timestamp after the fields ({@link #timed} says whether there is one); then checks nothing
   * else follows.
   */
  long timestamp() throws LineFormatException {
    long timestamp = 0;
    timed = false;
    if (skipSpaces()) {
      timed = true;
      int from = pos;
      while (pos < end && b[pos] != ' ') {
        pos++;
      }
      int digits = pos - from - (b[from] == '-' || b[from] == '+' ? 1 : 0);
      long fast = digits > 0 && digits <= 18 ? LineNumbers.integer(b, from, pos) : Long.MIN_VALUE;
      if (fast != Long.MIN_VALUE) {
        timestamp = fast;
      } else {
        String text = text(from, pos);
        if (!LineNumbers.isInteger(text)) {
          throw new LineFormatException("timestamp " + shown(text) + " is not an integer");
        }
        try {
          timestamp = Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new LineFormatException("timestamp " + text + " is out of range");
        }
      }
      skipSpaces();
    }
    if (pos < end) {
      throw new LineFormatException(
          "unexpected " + shown(text(pos, end)) + " at column " + column());
    }
    return timestamp;
  }

  /**
   * Reads up to an unescaped character of {@code stops}; {@code escapable} lists the characters a
   * backslash escapes here.
   */
  private String token(String stops, String escapable) {
    byte[] out = new byte[end - pos];
    int n = 0;
    while (pos < end) {
      byte c = b[pos];
      if (c == '\\' && pos + 1 < end && escapable.indexOf(b[pos + 1]) >= 0) {
        out[n++] = b[pos + 1];
        pos += 2;
        continue;
      }
      if (stops.indexOf(c) >= 0) {
        break;
      }
      out[n++] = c;
      pos++;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private int peek() {
    return pos < end ? b[pos] : '\0';
  }

  private void expect(char c, String where) throws LineFormatException {
    if (peek() != c) {
      throw new LineFormatException("expected '" + c + "' " + where + " at column " + column());
    }
    pos++;
  }

  /** The column of the position in characters, as the client sees its line. */
  private int column() {
    return text(start, pos).length() + 1;
  }

  /** Skips spaces; true if there were any and something follows them. */
  private boolean skipSpaces() {
    int from = pos;
    while (pos < end && b[pos] == ' ') {
      pos++;
    }
    return pos > from && pos < end;
  }

  private String text(int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  private static String shown(String s) {
    return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
  }
}
