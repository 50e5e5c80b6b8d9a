package dev.tidemark.traces.otlp;

import dev.tidemark.traces.JsonText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bodies OTLP/HTTP answers with, in protobuf or JSON like the request:
 *
 * <pre>
 * Export{Trace,Metrics}ServiceResponse { Export…PartialSuccess partial_success = 1; }
 * Export…PartialSuccess { int64 rejected_spans | rejected_data_points = 1; string error_message = 2; }
 * google.rpc.Status { int32 code = 1; string message = 2; }
 * </pre>
 */
public final class OtlpAnswers {
  /** What the request carried: spans or metric data points. */
  public enum Signal {
    TRACES("rejectedSpans"),
    METRICS("rejectedDataPoints");

    final String jsonField;

    Signal(String jsonField) {
      this.jsonField = jsonField;
    }
  }

  private OtlpAnswers() {}

  /** A full success ({@code rejected == 0}: an empty response) or a partial one. */
  public static byte[] exportResponse(Signal signal, long rejected, String message, boolean json) {
    if (json) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (rejected > 0) {
        Map<String, Object> partial = new LinkedHashMap<>();
        partial.put(signal.jsonField, Long.toString(rejected)); // int64 as a string in JSON
        partial.put("errorMessage", message);
        body.put("partialSuccess", partial);
      }
      return JsonText.write(body).getBytes(StandardCharsets.UTF_8);
    }
    if (rejected == 0) {
      return new byte[0];
    }
    ByteArrayOutputStream partial = new ByteArrayOutputStream();
    varintField(partial, 1, rejected);
    stringField(partial, 2, message);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bytesField(out, 1, partial.toByteArray());
    return out.toByteArray();
  }

  /** A google.rpc.Status for a refused request; {@code code} is the gRPC code (3 invalid). */
  public static byte[] status(int code, String message, boolean json) {
    if (json) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("code", code);
      body.put("message", message);
      return JsonText.write(body).getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varintField(out, 1, code);
    stringField(out, 2, message);
    return out.toByteArray();
  }

  private static void varintField(ByteArrayOutputStream out, int field, long v) {
    varint(out, (long) field << 3);
    varint(out, v);
  }

  private static void stringField(ByteArrayOutputStream out, int field, String s) {
    bytesField(out, field, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytesField(ByteArrayOutputStream out, int field, byte[] b) {
    varint(out, (long) field << 3 | 2);
    varint(out, b.length);
    out.write(b, 0, b.length);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
