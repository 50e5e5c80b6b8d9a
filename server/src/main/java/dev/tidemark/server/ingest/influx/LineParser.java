package dev.tidemark.server.ingest.influx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses one line of InfluxDB line protocol:
 *
 * <pre>
 * measurement[,tag_key=tag_value…] field_key=field_value[,…] [timestamp]
 * </pre>
 *
 * Escaping follows InfluxDB: a backslash escapes comma and space in the measurement; comma, equals
 * sign and space in tag keys, tag values and field keys; double quote and backslash inside string
 * field values. A backslash before any other character is itself. Field values: float ({@code 1},
 * {@code -1.5e3}), integer ({@code 1i}), unsigned ({@code 1u}), boolean ({@code t T true True TRUE
 * f F false False FALSE}) and string ({@code "…"}, returned as a null value).
 */
final class LineParser {
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern UNSIGNED = Pattern.compile("\\d+");

  private final String line;
  private int pos;

  private LineParser(String line) {
    this.line = line;
  }

  static Line parse(String line) throws LineFormatException {
    return new LineParser(line).line();
  }

  private Line line() throws LineFormatException {
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
    if (!skipSpaces()) {
      throw new LineFormatException("fields are missing");
    }
    List<Line.Field> fields = new ArrayList<>();
    while (true) {
      String key = token(",= ", ",= ");
      if (key.isEmpty()) {
        throw new LineFormatException("field key is empty");
      }
      expect('=', "after field key " + key);
      fields.add(new Line.Field(key, value(key)));
      if (peek() != ',') {
        break;
      }
      pos++;
    }
    Long timestamp = null;
    if (skipSpaces()) {
      int start = pos;
      while (pos < line.length() && line.charAt(pos) != ' ') {
        pos++;
      }
      String text = line.substring(start, pos);
      if (!INTEGER.matcher(text).matches()) {
        throw new LineFormatException("timestamp " + shown(text) + " is not an integer");
      }
      try {
        timestamp = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new LineFormatException("timestamp " + text + " is out of range");
      }
      skipSpaces();
    }
    if (pos < line.length()) {
      throw new LineFormatException(
          "unexpected " + shown(line.substring(pos)) + " at column " + (pos + 1));
    }
    return new Line(measurement, tags, fields, timestamp);
  }

  /**
   * Reads up to an unescaped character of {@code stops}; {@code escapable} lists the characters a
   * backslash escapes here.
   */
  private String token(String stops, String escapable) {
    StringBuilder sb = new StringBuilder();
    while (pos < line.length()) {
      char c = line.charAt(pos);
      if (c == '\\' && pos + 1 < line.length() && escapable.indexOf(line.charAt(pos + 1)) >= 0) {
        sb.append(line.charAt(pos + 1));
        pos += 2;
        continue;
      }
      if (stops.indexOf(c) >= 0) {
        break;
      }
      sb.append(c);
      pos++;
    }
    return sb.toString();
  }

  private Double value(String key) throws LineFormatException {
    if (peek() == '"') {
      pos++;
      while (pos < line.length()) {
        char c = line.charAt(pos);
        if (c == '\\' && pos + 1 < line.length()) {
          pos += 2;
        } else if (c == '"') {
          pos++;
          return null;
        } else {
          pos++;
        }
      }
      throw new LineFormatException("string value of field " + key + " has no closing quote");
    }
    int start = pos;
    while (pos < line.length() && line.charAt(pos) != ',' && line.charAt(pos) != ' ') {
      pos++;
    }
    String text = line.substring(start, pos);
    if (text.isEmpty()) {
      throw new LineFormatException("value of field " + key + " is missing");
    }
    Double v = number(text);
    if (v == null) {
      throw new LineFormatException(
          "value " + shown(text) + " of field " + key + " is not a number, boolean or string");
    }
    return v;
  }

  private static Double number(String text) {
    switch (text) {
      case "t", "T", "true", "True", "TRUE" -> {
        return 1.0;
      }
      case "f", "F", "false", "False", "FALSE" -> {
        return 0.0;
      }
      default -> {
        // the switch falls through to the numeric forms below
      }
    }
    char last = text.charAt(text.length() - 1);
    String digits = text.substring(0, text.length() - 1);
    try {
      if (last == 'i' && INTEGER.matcher(digits).matches()) {
        return (double) Long.parseLong(digits);
      }
      if (last == 'u' && UNSIGNED.matcher(digits).matches()) {
        return unsigned(Long.parseUnsignedLong(digits));
      }
    } catch (NumberFormatException e) {
      return null; // out of the 64-bit range
    }
    return FLOAT.matcher(text).matches() ? Double.parseDouble(text) : null;
  }

  private static double unsigned(long bits) {
    double d = (double) (bits >>> 1) * 2.0;
    return d + (bits & 1);
  }

  private char peek() {
    return pos < line.length() ? line.charAt(pos) : '\0';
  }

  private void expect(char c, String where) throws LineFormatException {
    if (peek() != c) {
      throw new LineFormatException("expected '" + c + "' " + where + " at column " + (pos + 1));
    }
    pos++;
  }

  /** Skips spaces; true if there were any and something follows them. */
  private boolean skipSpaces() {
    int start = pos;
    while (pos < line.length() && line.charAt(pos) == ' ') {
      pos++;
    }
    return pos > start && pos < line.length();
  }

  private static String shown(String s) {
    return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
  }
}
