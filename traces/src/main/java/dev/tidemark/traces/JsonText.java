package dev.tidemark.traces;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from plain Java values: maps, lists, strings, longs, doubles, booleans and null.
 * Numbers without a fraction or exponent read as Long when they fit, else as Double.
 */
public final class JsonText {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int MAX_DEPTH = 64;

  private JsonText() {}

  public static String write(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        g.writeString(d.toString());
      } else {
        g.writeNumber(d);
      }
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else {
      g.writeString(String.valueOf(value));
    }
  }

  /**
   * Parses one JSON value; throws {@link IllegalArgumentException} with the cause for text that is
   * not JSON, nested deeper than 64 levels, or followed by more than white space.
   */
  public static Object parse(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new IllegalArgumentException("body holds no JSON value");
      }
      Object value = read(p, 0);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException(
            "more after the JSON value [offset=" + p.currentLocation().getByteOffset() + "]");
      }
      return value;
    } catch (IOException e) {
      String m = e.getMessage();
      int nl = m == null ? -1 : m.indexOf('\n');
      throw new IllegalArgumentException(
          "malformed JSON (" + (nl < 0 ? m : m.substring(0, nl)) + ")");
    }
  }

  private static Object read(JsonParser p, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("JSON nests deeper than " + MAX_DEPTH + " levels");
    }
    switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          m.put(name, read(p, depth + 1));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(p, depth + 1));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? p.getDoubleValue()
            : p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IllegalArgumentException("unexpected " + p.currentToken());
    }
  }
}
