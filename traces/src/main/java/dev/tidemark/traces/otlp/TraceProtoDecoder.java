package dev.tidemark.traces.otlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code ExportTraceServiceRequest} (opentelemetry/proto/collector/trace/v1) by hand:
 *
 * <pre>
 * ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
 * ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
 * ScopeSpans    { InstrumentationScope scope = 1; repeated Span spans = 2; }
 * Span   { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5;
 *          SpanKind kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
 *          repeated KeyValue attributes = 9; repeated Event events = 11; Status status = 15; }
 * Event  { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
 * Status { string message = 2; StatusCode code = 3; }
 * </pre>
 *
 * Links, trace state and dropped counts are skipped. A truncated message, a known field with the
 * wrong wire type or invalid UTF-8 refuses the whole request ({@link OtlpFormatException}).
 */
public final class TraceProtoDecoder {
  private TraceProtoDecoder() {}

  public static List<RawSpan> decode(byte[] body) {
    ProtoInput request = new ProtoInput(body, "trace request");
    List<RawSpan> spans = new ArrayList<>();
    while (request.next()) {
      if (request.field() == 1) {
        resourceSpans(
            request.expect(ProtoInput.LEN, "ExportTraceServiceRequest.resource_spans").message(),
            spans);
      } else {
        request.skip();
      }
    }
    return spans;
  }

  private static void resourceSpans(ProtoInput in, List<RawSpan> out) {
    Map<String, Object> resource = Map.of();
    List<ProtoInput> scopes = new ArrayList<>();
    while (in.next()) {
      switch (in.field()) {
        case 1 -> resource = ProtoCommon.resource(in.expect(ProtoInput.LEN, "resource").message());
        case 2 -> scopes.add(in.expect(ProtoInput.LEN, "ResourceSpans.scope_spans").message());
        default -> in.skip();
      }
    }
    for (ProtoInput scope : scopes) { // the resource may come after its scopes on the wire
      while (scope.next()) {
        if (scope.field() == 2) {
          out.add(span(scope.expect(ProtoInput.LEN, "ScopeSpans.spans").message(), resource));
        } else {
          scope.skip();
        }
      }
    }
  }

  private static RawSpan span(ProtoInput in, Map<String, Object> resource) {
    byte[] traceId = null;
    byte[] spanId = null;
    byte[] parent = null;
    String name = "";
    int kind = 0;
    long start = 0;
    long end = 0;
    Map<String, Object> attributes = new LinkedHashMap<>();
    List<RawSpan.RawEvent> events = new ArrayList<>();
    int statusCode = 0;
    String statusMessage = "";
    while (in.next()) {
      switch (in.field()) {
        case 1 -> traceId = in.expect(ProtoInput.LEN, "Span.trace_id").bytes();
        case 2 -> spanId = in.expect(ProtoInput.LEN, "Span.span_id").bytes();
        case 4 -> parent = in.expect(ProtoInput.LEN, "Span.parent_span_id").bytes();
        case 5 -> name = in.expect(ProtoInput.LEN, "Span.name").string();
        case 6 -> kind = (int) in.expect(ProtoInput.VARINT, "Span.kind").varint();
        case 7 -> start = in.expect(ProtoInput.FIXED64, "Span.start_time_unix_nano").fixed64();
        case 8 -> end = in.expect(ProtoInput.FIXED64, "Span.end_time_unix_nano").fixed64();
        case 9 ->
            ProtoCommon.keyValue(
                in.expect(ProtoInput.LEN, "Span.attributes").message(), attributes, 0);
        case 11 -> events.add(event(in.expect(ProtoInput.LEN, "Span.events").message()));
        case 15 -> {
          ProtoInput status = in.expect(ProtoInput.LEN, "Span.status").message();
          while (status.next()) {
            switch (status.field()) {
              case 2 -> statusMessage = status.expect(ProtoInput.LEN, "Status.message").string();
              case 3 -> statusCode = (int) status.expect(ProtoInput.VARINT, "Status.code").varint();
              default -> status.skip();
            }
          }
        }
        default -> in.skip();
      }
    }
    return new RawSpan(
        resource,
        traceId,
        spanId,
        parent,
        name,
        kind,
        start,
        end,
        attributes,
        events,
        statusCode,
        statusMessage,
        null);
  }

  private static RawSpan.RawEvent event(ProtoInput in) {
    long time = 0;
    String name = "";
    Map<String, Object> attributes = new LinkedHashMap<>();
    while (in.next()) {
      switch (in.field()) {
        case 1 -> time = in.expect(ProtoInput.FIXED64, "Event.time_unix_nano").fixed64();
        case 2 -> name = in.expect(ProtoInput.LEN, "Event.name").string();
        case 3 ->
            ProtoCommon.keyValue(
                in.expect(ProtoInput.LEN, "Event.attributes").message(), attributes, 0);
        default -> in.skip();
      }
    }
    return new RawSpan.RawEvent(name, time, attributes);
  }
}
