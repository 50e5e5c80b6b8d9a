package dev.tidemark.releases.json;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A JSON object of the release domain: an ordered map of names to strings, numbers, booleans,
 * nulls, {@link JsonObject}s and {@link JsonArray}s. Comparisons, scores and reports are documents
 * of this shape; the server stores and answers them as they are.
 */
public final class JsonObject implements Iterable<Map.Entry<String, Object>> {
  private final Map<String, Object> map;

  public JsonObject() {
    this.map = new LinkedHashMap<>();
  }

  /** Parses {@code text}; {@link JsonException} when it is not one JSON object. */
  public JsonObject(String text) {
    this.map = JsonCodec.decodeObject(text).map;
  }

  /** Wraps a copy of {@code values}; nested maps and lists become objects and arrays. */
  public JsonObject(Map<String, ?> values) {
    this.map = new LinkedHashMap<>();
    values.forEach(this::put);
  }

  public JsonObject put(String key, Object value) {
    map.put(key, JsonCodec.wrap(value));
    return this;
  }

  public Object getValue(String key) {
    return map.get(key);
  }

  public Object getValue(String key, Object fallback) {
    Object v = map.get(key);
    return v == null ? fallback : v;
  }

  public String getString(String key) {
    Object v = map.get(key);
    return v == null ? null : v instanceof String s ? s : String.valueOf(v);
  }

  public String getString(String key, String fallback) {
    String v = getString(key);
    return v == null ? fallback : v;
  }

  public Integer getInteger(String key) {
    Number n = (Number) map.get(key);
    return n == null ? null : n instanceof Integer i ? i : n.intValue();
  }

  public Integer getInteger(String key, Integer fallback) {
    Integer v = getInteger(key);
    return v == null ? fallback : v;
  }

  public Long getLong(String key) {
    Number n = (Number) map.get(key);
    return n == null ? null : n instanceof Long l ? l : n.longValue();
  }

  public Long getLong(String key, Long fallback) {
    Long v = getLong(key);
    return v == null ? fallback : v;
  }

  public Double getDouble(String key) {
    Number n = (Number) map.get(key);
    return n == null ? null : n instanceof Double d ? d : n.doubleValue();
  }

  public Double getDouble(String key, Double fallback) {
    Double v = getDouble(key);
    return v == null ? fallback : v;
  }

  public Boolean getBoolean(String key) {
    return (Boolean) map.get(key);
  }

  public Boolean getBoolean(String key, Boolean fallback) {
    Boolean v = getBoolean(key);
    return v == null ? fallback : v;
  }

  public JsonObject getJsonObject(String key) {
    return (JsonObject) map.get(key);
  }

  public JsonObject getJsonObject(String key, JsonObject fallback) {
    JsonObject v = getJsonObject(key);
    return v == null ? fallback : v;
  }

  public JsonArray getJsonArray(String key) {
    return (JsonArray) map.get(key);
  }

  public JsonArray getJsonArray(String key, JsonArray fallback) {
    JsonArray v = getJsonArray(key);
    return v == null ? fallback : v;
  }

  public boolean containsKey(String key) {
    return map.containsKey(key);
  }

  public Object remove(String key) {
    return map.remove(key);
  }

  public Set<String> fieldNames() {
    return map.keySet();
  }

  public int size() {
    return map.size();
  }

  public boolean isEmpty() {
    return map.isEmpty();
  }

  /** The live map behind this object. */
  public Map<String, Object> getMap() {
    return map;
  }

  public Stream<Map.Entry<String, Object>> stream() {
    return map.entrySet().stream();
  }

  @Override
  public Iterator<Map.Entry<String, Object>> iterator() {
    return map.entrySet().iterator();
  }

  /** A deep copy. */
  public JsonObject copy() {
    JsonObject c = new JsonObject();
    map.forEach((k, v) -> c.map.put(k, JsonCodec.copy(v)));
    return c;
  }

  public String encode() {
    return JsonCodec.encode(this, false);
  }

  public String encodePrettily() {
    return JsonCodec.encode(this, true);
  }

  /** Plain maps and lists all the way down (for other JSON libraries). */
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, JsonCodec.plain(v)));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonObject j && map.equals(j.map);
  }

  @Override
  public int hashCode() {
    return map.hashCode();
  }

  @Override
  public String toString() {
    return encode();
  }
}
