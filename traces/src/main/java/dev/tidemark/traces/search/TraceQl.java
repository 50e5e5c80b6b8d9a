package dev.tidemark.traces.search;

import java.util.Locale;

/**
 * The part of TraceQL that Grafana's Tempo search editor writes: one spanset {@code { … }} of
 * conditions joined by {@code &&}, each {@code attribute op value}. Attributes: {@code
 * resource.service.name} (or {@code .service.name}), {@code name}, {@code duration}, {@code
 * status}, {@code resource.<key>}, {@code span.<key>} and {@code .<key>} (a span attribute; {@code
 * service.version} and {@code release} on the resource name the release). Operators: {@code =} for
 * all, {@code > >= < <=} for duration. Anything else is refused with its position, never ignored.
 */
public final class TraceQl {
  private final String text;
  private int pos;

  private TraceQl(String text) {
    this.text = text;
  }

  /** Adds the query's conditions to {@code into}; throws {@link SearchSyntaxException}. */
  public static SpanQuery.Builder parse(String text, SpanQuery.Builder into) {
    new TraceQl(text).query(into);
    return into;
  }

  private void query(SpanQuery.Builder q) {
    skipSpace();
    if (pos == text.length()) {
      return;
    }
    expect('{');
    skipSpace();
    if (peek() == '}') {
      pos++;
      end();
      return;
    }
    while (true) {
      condition(q);
      skipSpace();
      if (peek() == '}') {
        pos++;
        end();
        return;
      }
      if (text.startsWith("&&", pos)) {
        pos += 2;
        continue;
      }
      throw error("expected && or }");
    }
  }

  private void end() {
    skipSpace();
    if (pos != text.length()) {
      throw error("only one spanset is supported");
    }
  }

  private void condition(SpanQuery.Builder q) {
    skipSpace();
    int at = pos;
    String attribute = attribute();
    skipSpace();
    String op = operator();
    skipSpace();
    int valueAt = pos;
    String value = value();
    String lower = attribute.toLowerCase(Locale.ROOT);
    if (lower.startsWith("span:")) {
      lower = lower.substring(5); // Tempo 2.5's scoped intrinsics: span:name, span:duration, …
    }
    if (lower.equals("duration")) {
      long nanos = Durations.nanos(value);
      if (nanos < 0) {
        throw new SearchSyntaxException(
            "cannot parse query: " + value + " is not a duration", valueAt);
      }
      switch (op) {
        case ">", ">=" -> q.minDurationNanos(op.equals(">") ? nanos + 1 : nanos);
        case "<", "<=" -> q.maxDurationNanos(op.equals("<") ? nanos - 1 : nanos);
        default -> q.minDurationNanos(nanos).maxDurationNanos(nanos);
      }
      return;
    }
    if (!op.equals("=")) {
      throw new SearchSyntaxException(
          "cannot parse query: operator " + op + " is supported on duration only", at);
    }
    switch (lower) {
      case "name" -> q.operation(value);
      case "status" -> q.statusCode(status(value, valueAt));
      case "kind" -> q.kind(kind(value, valueAt));
      case "resource.service.name", ".service.name" -> q.service(value);
      case "resource.service.version", "resource.release" -> q.release(value);
      default -> {
        if (attribute.startsWith("resource.")) {
          q.resourceAttribute(attribute.substring(9), value);
        } else if (attribute.startsWith("span.")) {
          q.spanAttribute(attribute.substring(5), value);
        } else if (attribute.startsWith(".")) {
          q.spanAttribute(attribute.substring(1), value);
        } else {
          throw new SearchSyntaxException(
              "cannot parse query: attribute " + attribute + " is not supported", at);
        }
      }
    }
  }

  private static int status(String v, int at) {
    return switch (v) {
      case "unset" -> 0;
      case "ok" -> 1;
      case "error" -> 2;
      default ->
          throw new SearchSyntaxException(
              "cannot parse query: status must be error, ok or unset", at);
    };
  }

  private static int kind(String v, int at) {
    return switch (v) {
      case "unspecified" -> 0;
      case "internal" -> 1;
      case "server" -> 2;
      case "client" -> 3;
      case "producer" -> 4;
      case "consumer" -> 5;
      default ->
          throw new SearchSyntaxException(
              "cannot parse query: kind must be unspecified, internal, server, client, producer or"
                  + " consumer",
              at);
    };
  }

  private String attribute() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isLetterOrDigit(c)
          || c == '.'
          || c == '_'
          || c == '-'
          || c == ':'
          || c == '/') {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw error("expected an attribute");
    }
    return text.substring(start, pos);
  }

  private String operator() {
    for (String op : new String[] {">=", "<=", "!=", "=~", "!~", "=", ">", "<"}) {
      if (text.startsWith(op, pos)) {
        if (op.equals("!=") || op.equals("=~") || op.equals("!~")) {
          throw error("operator " + op + " is not supported");
        }
        pos += op.length();
        return op;
      }
    }
    throw error("expected an operator");
  }

  private String value() {
    if (peek() == '"' || peek() == '`') {
      char quote = text.charAt(pos++);
      StringBuilder sb = new StringBuilder();
      while (pos < text.length() && text.charAt(pos) != quote) {
        char c = text.charAt(pos++);
        if (c == '\\' && quote == '"' && pos < text.length()) {
          c = text.charAt(pos++);
        }
        sb.append(c);
      }
      if (pos >= text.length()) {
        throw error("string is not closed");
      }
      pos++;
      return sb.toString();
    }
    int start = pos;
    while (pos < text.length()
        && !Character.isWhitespace(text.charAt(pos))
        && text.charAt(pos) != '}'
        && text.charAt(pos) != '&') {
      pos++;
    }
    if (start == pos) {
      throw error("expected a value");
    }
    return text.substring(start, pos);
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected " + c);
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private SearchSyntaxException error(String cause) {
    return new SearchSyntaxException("cannot parse query: " + cause, pos);
  }
}
