package dev.tidemark.releases.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Reads and writes the JSON tree with Jackson's streaming parser and generator. */
final class JsonCodec {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
          .build();

  private JsonCodec() {}

  static JsonObject decodeObject(String text) {
    Object v = decode(text);
    if (!(v instanceof JsonObject o)) {
      throw new JsonException("not a JSON object", 1);
    }
    return o;
  }

  static JsonArray decodeArray(String text) {
    Object v = decode(text);
    if (!(v instanceof JsonArray a)) {
      throw new JsonException("not a JSON array", 1);
    }
    return a;
  }

  private static Object decode(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new JsonException("empty text", 1);
      }
      Object v = value(p, t);
      if (p.nextToken() != null) {
        throw new JsonException(
            "trailing content after the value", p.currentLocation().getLineNr());
      }
      return v;
    } catch (JsonProcessingException e) {
      throw new JsonException(
          e.getOriginalMessage(), e.getLocation() == null ? 0 : e.getLocation().getLineNr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        JsonObject o = new JsonObject();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          o.getMap().put(name, value(p, p.nextToken()));
        }
        return o;
      }
      case START_ARRAY -> {
        JsonArray a = new JsonArray();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          a.getList().add(value(p, e));
        }
        return a;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> p.getIntValue();
          case LONG -> p.getLongValue();
          default -> p.getDoubleValue();
        };
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
      default -> throw new JsonException("unexpected " + t, p.currentLocation().getLineNr());
    }
  }

  static String encode(Object root, boolean pretty) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      write(g, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof JsonObject o) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : o.getMap().entrySet()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof JsonArray a) {
      g.writeStartArray();
      for (Object e : a.getList()) {
        write(g, e);
      }
      g.writeEndArray();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Double d) {
      // non-finite numbers have no JSON form: null, as JavaScript's JSON.stringify writes them
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeNull();
      }
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof BigInteger i) {
      g.writeNumber(i);
    } else if (v instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else {
      g.writeString(String.valueOf(v));
    }
  }

  @SuppressWarnings("unchecked")
  static Object wrap(Object v) {
    if (v instanceof Map<?, ?> m) {
      return new JsonObject((Map<String, ?>) m);
    }
    if (v instanceof List<?> l) {
      return new JsonArray(l);
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Short || v instanceof Byte) {
      return ((Number) v).intValue();
    }
    if (v instanceof CharSequence || v instanceof Enum<?>) {
      return v.toString();
    }
    return v;
  }

  static Object copy(Object v) {
    if (v instanceof JsonObject o) {
      return o.copy();
    }
    if (v instanceof JsonArray a) {
      return a.copy();
    }
    return v;
  }

  static Object plain(Object v) {
    if (v instanceof JsonObject o) {
      return o.toPlain();
    }
    if (v instanceof JsonArray a) {
      return a.toPlain();
    }
    return v;
  }
}
