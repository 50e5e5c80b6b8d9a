package dev.tidemark.traces.otlp;

import dev.tidemark.traces.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading OTLP/JSON (the protobuf JSON mapping: lowerCamelCase keys, 64-bit integers as strings or
 * numbers, enums as numbers, ids as hex): typed access to parsed JSON that names the path of a
 * value of the wrong shape, and the common messages (KeyValue, AnyValue, Resource).
 */
final class JsonWalk {
  private static final int MAX_DEPTH = 16;

  private JsonWalk() {}

  static Map<String, Object> root(byte[] body, String what) {
    Object parsed;
    try {
      parsed = JsonText.parse(body);
    } catch (IllegalArgumentException e) {
      throw new OtlpFormatException("cannot decode " + what + ": " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?>)) {
      throw new OtlpFormatException("cannot decode " + what + ": body is not a JSON object");
    }
    return object(parsed, what);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object v, String path) {
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?>)) {
      throw shape(path, "an object");
    }
    return (Map<String, Object>) v;
  }

  static List<Map<String, Object>> objects(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw shape(path + "." + key, "an array");
    }
    List<Map<String, Object>> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(object(list.get(i), path + "." + key + "[" + i + "]"));
    }
    return out;
  }

  static String string(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (v == null) {
      return "";
    }
    if (!(v instanceof String s)) {
      throw shape(path + "." + key, "a string");
    }
    return s;
  }

  /** A 64-bit integer given as a JSON number or a decimal string; 0 when absent. */
  static long int64(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (v == null) {
      return 0;
    }
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof String s) {
      try {
        return Long.parseUnsignedLong(s);
      } catch (NumberFormatException e) {
        try {
          return Long.parseLong(s);
        } catch (NumberFormatException e2) {
          throw shape(path + "." + key, "an integer");
        }
      }
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
      return d.longValue();
    }
    throw shape(path + "." + key, "an integer");
  }

  /** A double given as a number or as "NaN", "Infinity", "-Infinity" or a decimal string. */
  static double float64(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (v == null) {
      return 0;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw shape(path + "." + key, "a number");
      }
    }
    throw shape(path + "." + key, "a number");
  }

  static boolean bool(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw shape(path + "." + key, "a boolean");
    }
    return b;
  }

  static List<Object> list(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw shape(path + "." + key, "an array");
    }
    return new ArrayList<>(list);
  }

  static Map<String, Object> attributes(Map<String, Object> m, String key, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> kvs = objects(m, key, path);
    for (int i = 0; i < kvs.size(); i++) {
      String at = path + "." + key + "[" + i + "]";
      out.put(string(kvs.get(i), "key", at), anyValue(kvs.get(i).get("value"), at + ".value", 0));
    }
    return out;
  }

  static Object anyValue(Object raw, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new OtlpFormatException(
          "cannot decode " + path + ": attribute values nest deeper than " + MAX_DEPTH + " levels");
    }
    Map<String, Object> v = object(raw, path);
    if (v.containsKey("stringValue")) {
      return string(v, "stringValue", path);
    }
    if (v.containsKey("boolValue")) {
      return bool(v, "boolValue", path);
    }
    if (v.containsKey("intValue")) {
      return int64(v, "intValue", path);
    }
    if (v.containsKey("doubleValue")) {
      return float64(v, "doubleValue", path);
    }
    if (v.containsKey("bytesValue")) {
      return string(v, "bytesValue", path); // base64 already
    }
    if (v.containsKey("arrayValue")) {
      List<Object> out = new ArrayList<>();
      List<Object> values = list(object(v.get("arrayValue"), path), "values", path);
      for (int i = 0; i < values.size(); i++) {
        out.add(anyValue(values.get(i), path + ".arrayValue.values[" + i + "]", depth + 1));
      }
      return out;
    }
    if (v.containsKey("kvlistValue")) {
      Map<String, Object> kv = object(v.get("kvlistValue"), path);
      List<Map<String, Object>> values = objects(kv, "values", path + ".kvlistValue");
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < values.size(); i++) {
        String at = path + ".kvlistValue.values[" + i + "]";
        out.put(
            string(values.get(i), "key", at),
            anyValue(values.get(i).get("value"), at + ".value", depth + 1));
      }
      return out;
    }
    return null;
  }

  static OtlpFormatException shape(String path, String expected) {
    return new OtlpFormatException("cannot decode " + path + ": value is not " + expected);
  }
}
