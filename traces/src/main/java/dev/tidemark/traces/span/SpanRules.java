package dev.tidemark.traces.span;

import dev.tidemark.protocol.Reason;
import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Span;
import dev.tidemark.protocol.SpanEvent;
import dev.tidemark.traces.JsonText;
import dev.tidemark.traces.otlp.RawSpan;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a span must be to be stored: a 16-byte trace id and an 8-byte span id, neither all zero (as
 * OTLP specifies), a parent id of 8 bytes or none, a name, an end not before its start, a start
 * inside the accepted window, and attributes within bounds (count and length of each value, also on
 * the resource and on events). A span that breaks a rule is rejected alone; its request's other
 * spans are kept.
 *
 * <p>The service is the resource's {@code service.name} (OTel's {@code unknown_service} when
 * absent); the release its {@code release} attribute, else {@code service.version}.
 */
public record SpanRules(
    int maxAttributes,
    int maxAttributeLength,
    int maxEvents,
    int maxNameLength,
    Duration maxAge,
    Duration maxFuture,
    Clock clock) {

  public static final String SECTION = "spans";

  public static SpanRules defaults() {
    return new SpanRules(
        128, 4096, 128, 1024, Duration.ofDays(14), Duration.ofMinutes(10), Clock.systemUTC());
  }

  /** The outcome for one span: exactly one of {@code span} and {@code rejection} is set. */
  public record Checked(Span span, Rejection rejection) {}

  public Checked check(int index, RawSpan raw) {
    if (raw.problem() != null) {
      return reject(index, Reason.BAD_ID, raw.problem());
    }
    String problem = idProblem("trace_id", raw.traceId(), 16, true);
    if (problem == null) {
      problem = idProblem("span_id", raw.spanId(), 8, true);
    }
    if (problem == null && raw.parentSpanId() != null && raw.parentSpanId().length > 0) {
      problem = idProblem("parent_span_id", raw.parentSpanId(), 8, false);
    }
    if (problem != null) {
      return reject(index, Reason.BAD_ID, problem);
    }
    if (raw.name() == null || raw.name().isEmpty()) {
      return reject(index, Reason.BAD_SPAN, "name is empty");
    }
    if (raw.name().length() > maxNameLength) {
      return reject(
          index,
          Reason.BAD_SPAN,
          "name is longer than "
              + maxNameLength
              + " characters [length="
              + raw.name().length()
              + "]");
    }
    if (raw.endNanos() < raw.startNanos()) {
      return reject(
          index,
          Reason.BAD_SPAN,
          "end_time_unix_nano is before start_time_unix_nano [start="
              + Long.toUnsignedString(raw.startNanos())
              + ", end="
              + Long.toUnsignedString(raw.endNanos())
              + "]");
    }
    long nowMillis = clock.millis();
    long startMillis = Math.floorDiv(raw.startNanos(), 1_000_000L);
    if (raw.startNanos() <= 0 || startMillis < nowMillis - maxAge.toMillis()) {
      return reject(
          index,
          Reason.TIMESTAMP_TOO_OLD,
          "start_time_unix_nano "
              + Long.toUnsignedString(raw.startNanos())
              + " is older than "
              + maxAge.toDays()
              + "d");
    }
    if (startMillis > nowMillis + maxFuture.toMillis()) {
      return reject(
          index,
          Reason.TIMESTAMP_IN_FUTURE,
          "start_time_unix_nano " + raw.startNanos() + " is in the future");
    }
    if (raw.events().size() > maxEvents) {
      return reject(
          index,
          Reason.ATTRIBUTE_TOO_LARGE,
          "more than " + maxEvents + " events [events=" + raw.events().size() + "]");
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    Map<String, Object> resource = new LinkedHashMap<>();
    problem = flatten("attributes", raw.attributes(), attributes);
    if (problem == null) {
      problem = flatten("resource attributes", raw.resource(), resource);
    }
    List<SpanEvent> events = new ArrayList<>(raw.events().size());
    for (int i = 0; problem == null && i < raw.events().size(); i++) {
      RawSpan.RawEvent e = raw.events().get(i);
      Map<String, Object> ea = new LinkedHashMap<>();
      problem = flatten("events[" + i + "] attributes", e.attributes(), ea);
      events.add(new SpanEvent(e.name(), e.timeNanos(), ea));
    }
    if (problem != null) {
      return reject(index, Reason.ATTRIBUTE_TOO_LARGE, problem);
    }
    Object service = resource.get("service.name");
    Object release =
        resource.containsKey("release") ? resource.get("release") : resource.get("service.version");
    HexFormat hex = HexFormat.of();
    Span span =
        new Span(
            hex.formatHex(raw.traceId()),
            hex.formatHex(raw.spanId()),
            raw.parentSpanId() == null || raw.parentSpanId().length == 0
                ? null
                : hex.formatHex(raw.parentSpanId()),
            service == null || service.toString().isEmpty()
                ? "unknown_service"
                : service.toString(),
            raw.name(),
            raw.kind(),
            raw.startNanos(),
            raw.endNanos() - raw.startNanos(),
            raw.statusCode(),
            raw.statusMessage() == null ? "" : raw.statusMessage(),
            release == null ? null : release.toString(),
            attributes,
            resource,
            events);
    return new Checked(span, null);
  }

  private static String idProblem(String field, byte[] id, int length, boolean required) {
    if (id == null || id.length == 0) {
      return required ? field + " is missing" : null;
    }
    if (id.length != length) {
      return field + " has " + id.length + " bytes, expected " + length;
    }
    for (byte b : id) {
      if (b != 0) {
        return null;
      }
    }
    return field + " is all zeros";
  }

  /** Copies attributes with nested values as JSON text; the first bound broken, or null. */
  private String flatten(String what, Map<String, Object> in, Map<String, Object> out) {
    if (in.size() > maxAttributes) {
      return "more than " + maxAttributes + " " + what + " [count=" + in.size() + "]";
    }
    for (Map.Entry<String, Object> e : in.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      if (v instanceof List<?> || v instanceof Map<?, ?>) {
        v = JsonText.write(v);
      }
      int length = v instanceof String s ? s.length() : 0;
      if (length > maxAttributeLength || e.getKey().length() > maxAttributeLength) {
        return what
            + " value of "
            + shorten(e.getKey())
            + " is longer than "
            + maxAttributeLength
            + " characters [length="
            + Math.max(length, e.getKey().length())
            + "]";
      }
      out.put(e.getKey(), v);
    }
    return null;
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  private static Checked reject(int index, Reason reason, String problem) {
    return new Checked(
        null,
        new Rejection(
            SECTION, index, reason, "cannot ingest " + SECTION + "[" + index + "]: " + problem));
  }
}
