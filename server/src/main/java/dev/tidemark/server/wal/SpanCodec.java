package dev.tidemark.server.wal;

import dev.tidemark.protocol.Span;
import dev.tidemark.protocol.SpanEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;

/**
 * A span in a write-ahead entry: ids, names and numbers as they are, attribute values with a
 * one-byte type (s string, l long, d double, b boolean).
 */
final class SpanCodec {
  private SpanCodec() {}

  static void write(Bytes<?> b, Span s) {
    WalCodec.writeString(b, s.traceId());
    WalCodec.writeString(b, s.spanId());
    WalCodec.writeString(b, s.parentSpanId());
    WalCodec.writeString(b, s.service());
    WalCodec.writeString(b, s.operation());
    b.writeStopBit(s.kind());
    b.writeLong(s.startNanos());
    b.writeLong(s.durationNanos());
    b.writeStopBit(s.statusCode());
    WalCodec.writeString(b, s.statusMessage());
    WalCodec.writeString(b, s.release());
    writeAttributes(b, s.attributes());
    writeAttributes(b, s.resource());
    b.writeStopBit(s.events().size());
    for (SpanEvent e : s.events()) {
      WalCodec.writeString(b, e.name());
      b.writeLong(e.timeNanos());
      writeAttributes(b, e.attributes());
    }
  }

  static Span read(Bytes<?> b) {
    String traceId = WalCodec.readString(b);
    String spanId = WalCodec.readString(b);
    String parent = WalCodec.readString(b);
    String service = WalCodec.readString(b);
    String operation = WalCodec.readString(b);
    int kind = (int) b.readStopBit();
    long start = b.readLong();
    long duration = b.readLong();
    int status = (int) b.readStopBit();
    String message = WalCodec.readString(b);
    String release = WalCodec.readString(b);
    Map<String, Object> attributes = readAttributes(b);
    Map<String, Object> resource = readAttributes(b);
    int n = WalCodec.count(b);
    List<SpanEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(new SpanEvent(WalCodec.readString(b), b.readLong(), readAttributes(b)));
    }
    return new Span(
        traceId,
        spanId,
        parent,
        service,
        operation,
        kind,
        start,
        duration,
        status,
        message,
        release,
        attributes,
        resource,
        events);
  }

  private static void writeAttributes(Bytes<?> b, Map<String, Object> attributes) {
    b.writeStopBit(attributes.size());
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      WalCodec.writeString(b, e.getKey());
      Object v = e.getValue();
      if (v instanceof Long l) {
        b.writeByte((byte) 'l');
        b.writeLong(l);
      } else if (v instanceof Double d) {
        b.writeByte((byte) 'd');
        b.writeLong(Double.doubleToRawLongBits(d));
      } else if (v instanceof Boolean x) {
        b.writeByte((byte) 'b');
        b.writeByte((byte) (x ? 1 : 0));
      } else {
        b.writeByte((byte) 's');
        WalCodec.writeString(b, String.valueOf(v));
      }
    }
  }

  private static Map<String, Object> readAttributes(Bytes<?> b) {
    int n = WalCodec.count(b);
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String key = WalCodec.readString(b);
      byte type = b.readByte();
      Object v =
          switch (type) {
            case 'l' -> b.readLong();
            case 'd' -> Double.longBitsToDouble(b.readLong());
            case 'b' -> b.readByte() != 0;
            case 's' -> WalCodec.readString(b);
            default ->
                throw new IllegalStateException("cannot read wal entry: attribute type " + type);
          };
      out.put(key, v);
    }
    return out;
  }
}
