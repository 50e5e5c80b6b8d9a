package dev.tidemark.releases.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** A JSON array of the release domain; elements as in {@link JsonObject}. */
public final class JsonArray implements Iterable<Object> {
  private final List<Object> list;

  public JsonArray() {
    this.list = new ArrayList<>();
  }

  /** Parses {@code text}; {@link JsonException} when it is not one JSON array. */
  public JsonArray(String text) {
    this.list = JsonCodec.decodeArray(text).list;
  }

  /** Wraps a copy of {@code values}; nested maps and lists become objects and arrays. */
  public JsonArray(List<?> values) {
    this.list = new ArrayList<>(values.size());
    values.forEach(this::add);
  }

  public JsonArray add(Object value) {
    list.add(JsonCodec.wrap(value));
    return this;
  }

  public JsonArray addAll(JsonArray other) {
    list.addAll(other.list);
    return this;
  }

  public Object getValue(int i) {
    return list.get(i);
  }

  public String getString(int i) {
    Object v = list.get(i);
    return v == null ? null : v instanceof String s ? s : String.valueOf(v);
  }

  public Integer getInteger(int i) {
    Number n = (Number) list.get(i);
    return n == null ? null : n.intValue();
  }

  public Long getLong(int i) {
    Number n = (Number) list.get(i);
    return n == null ? null : n.longValue();
  }

  public Double getDouble(int i) {
    Number n = (Number) list.get(i);
    return n == null ? null : n.doubleValue();
  }

  public JsonObject getJsonObject(int i) {
    return (JsonObject) list.get(i);
  }

  public JsonArray getJsonArray(int i) {
    return (JsonArray) list.get(i);
  }

  public boolean contains(Object value) {
    return list.contains(JsonCodec.wrap(value));
  }

  public Object remove(int i) {
    return list.remove(i);
  }

  public int size() {
    return list.size();
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** The live list behind this array. */
  public List<Object> getList() {
    return list;
  }

  public Stream<Object> stream() {
    return list.stream();
  }

  @Override
  public Iterator<Object> iterator() {
    return list.iterator();
  }

  /** A deep copy. */
  public JsonArray copy() {
    JsonArray c = new JsonArray();
    list.forEach(v -> c.list.add(JsonCodec.copy(v)));
    return c;
  }

  public String encode() {
    return JsonCodec.encode(this, false);
  }

  /** Plain maps and lists all the way down. */
  public List<Object> toPlain() {
    List<Object> out = new ArrayList<>(list.size());
    list.forEach(v -> out.add(JsonCodec.plain(v)));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonArray j && list.equals(j.list);
  }

  @Override
  public int hashCode() {
    return list.hashCode();
  }

  @Override
  public String toString() {
    return encode();
  }
}
