package dev.tidemark.traces.otlp;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of opentelemetry/proto/common/v1 and resource/v1 that traces and metrics share:
 *
 * <pre>
 * Resource      { repeated KeyValue attributes = 1; }
 * KeyValue      { string key = 1; AnyValue value = 2; }
 * AnyValue      { oneof { string string_value = 1; bool bool_value = 2; int64 int_value = 3;
 *                 double double_value = 4; ArrayValue array_value = 5;
 *                 KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
 * ArrayValue    { repeated AnyValue values = 1; }   KeyValueList { repeated KeyValue values = 1; }
 * </pre>
 *
 * Values become String, Boolean, Long, Double, List, Map; bytes become base64 text. Nesting is
 * bounded so a hostile body cannot exhaust the stack.
 */
final class ProtoCommon {
  private static final int MAX_DEPTH = 16;

  private ProtoCommon() {}

  static Map<String, Object> resource(ProtoInput in) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    while (in.next()) {
      if (in.field() == 1) {
        keyValue(in.expect(ProtoInput.LEN, "Resource.attributes").message(), attributes, 0);
      } else {
        in.skip();
      }
    }
    return attributes;
  }

  /** Reads one KeyValue into {@code into}. */
  static void keyValue(ProtoInput in, Map<String, Object> into, int depth) {
    String key = "";
    Object value = null;
    while (in.next()) {
      switch (in.field()) {
        case 1 -> key = in.expect(ProtoInput.LEN, "KeyValue.key").string();
        case 2 -> value = anyValue(in.expect(ProtoInput.LEN, "KeyValue.value").message(), depth);
        default -> in.skip();
      }
    }
    into.put(key, value);
  }

  static Object anyValue(ProtoInput in, int depth) {
    if (depth > MAX_DEPTH) {
      throw in.malformed("attribute values nest deeper than " + MAX_DEPTH + " levels");
    }
    Object value = null;
    while (in.next()) {
      switch (in.field()) {
        case 1 -> value = in.expect(ProtoInput.LEN, "AnyValue.string_value").string();
        case 2 -> value = in.expect(ProtoInput.VARINT, "AnyValue.bool_value").varint() != 0;
        case 3 -> value = in.expect(ProtoInput.VARINT, "AnyValue.int_value").varint();
        case 4 -> value = in.expect(ProtoInput.FIXED64, "AnyValue.double_value").float64();
        case 5 -> {
          List<Object> list = new ArrayList<>();
          ProtoInput array = in.expect(ProtoInput.LEN, "AnyValue.array_value").message();
          while (array.next()) {
            if (array.field() == 1) {
              list.add(
                  anyValue(array.expect(ProtoInput.LEN, "ArrayValue.values").message(), depth + 1));
            } else {
              array.skip();
            }
          }
          value = list;
        }
        case 6 -> {
          Map<String, Object> map = new LinkedHashMap<>();
          ProtoInput kv = in.expect(ProtoInput.LEN, "AnyValue.kvlist_value").message();
          while (kv.next()) {
            if (kv.field() == 1) {
              keyValue(kv.expect(ProtoInput.LEN, "KeyValueList.values").message(), map, depth + 1);
            } else {
              kv.skip();
            }
          }
          value = map;
        }
        case 7 ->
            value =
                Base64.getEncoder()
                    .encodeToString(in.expect(ProtoInput.LEN, "AnyValue.bytes_value").bytes());
        default -> in.skip();
      }
    }
    return value;
  }
}
