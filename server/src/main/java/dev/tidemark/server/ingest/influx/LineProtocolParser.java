package dev.tidemark.server.ingest.influx;

import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Reason;
import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.ingest.BytesCache;
import dev.tidemark.server.ingest.SampleColumns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A line-protocol body to samples. Each line is parsed on its own: a bad line is rejected with its
 * number ({@code cannot parse line 3: …}) and the other lines are kept. Every numeric field of a
 * line becomes one sample (names by {@link MetricNames}, tags as labels), checked by the same
 * {@link SampleRules} as every protocol; string fields are skipped and counted. Lines without a
 * timestamp get the server's time of the request. Blank lines and {@code #} comments are ignored.
 *
 * <p>Lines are read from the body's bytes into {@link SampleColumns}. A line's measurement and tags
 * are found again by their bytes ({@link BytesCache} of {@link SeriesPart}s), and each field key
 * within them, so a known series costs no strings, labels or validation.
 */
final class LineProtocolParser {
  static final String SECTION = "line";

  /** Measurement-and-tags byte strings remembered; past this many the memory starts afresh. */
  static final int MAX_KNOWN_SERIES = 100_000;

  private final SampleRules rules;
  private final BytesCache<SeriesPart> known = new BytesCache<>(MAX_KNOWN_SERIES);

  LineProtocolParser(SampleRules rules) {
    this.rules = rules;
  }

  /** Throws {@link TooManySamplesException} past the rules' batch size, so the client splits. */
  ParsedLines parse(String body, Precision precision, long nowMillis) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return parse(bytes, Utf8Lines.invalidLines(bytes), precision, nowMillis);
  }

  /** As above; the lines numbered in {@code invalidUtf8} (from 1) are rejected as such. */
  ParsedLines parse(byte[] body, BitSet invalidUtf8, Precision precision, long nowMillis) {
    SampleColumns samples = new SampleColumns(body.length / 48);
    List<Rejection> rejections = new ArrayList<>();
    LineParser p = new LineParser();
    Fields fields = new Fields();
    int strings = 0;
    boolean untimed = false;
    int number = 0;
    for (int start = 0; start < body.length; ) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      int lineEnd = end > start && body[end - 1] == '\r' ? end - 1 : end;
      int first = firstNonBlank(body, start, lineEnd);
      start = end + 1;
      number++;
      if (invalidUtf8.get(number)) {
        rejections.add(malformed(number, "line is not valid UTF-8"));
        continue;
      }
      if (first == lineEnd || body[first] == '#') {
        continue;
      }
      long timestamp;
      try {
        p.reset(body, first, lineEnd);
        read(p, fields);
        long ts = p.timestamp();
        timestamp = p.timed ? precision.toMillis(ts) : nowMillis;
        untimed |= !p.timed;
      } catch (LineFormatException e) {
        rejections.add(malformed(number, e.getMessage()));
        continue;
      } catch (ArithmeticException e) {
        rejections.add(malformed(number, "timestamp is out of range for precision " + precision));
        continue;
      }
      for (int f = 0; f < fields.count; f++) {
        SeriesPart.Field field = fields.field[f];
        if (fields.string[f]) {
          strings++;
          continue;
        }
        if (samples.size() + rejections.size() >= rules.maxBatchSize()) {
          throw new TooManySamplesException(rules.maxBatchSize());
        }
        double value = fields.value[f];
        Rejection r = rules.check(SECTION, number, field.problem(), timestamp, value);
        if (r == null) {
          samples.add(field.ref(), timestamp, Double.doubleToRawLongBits(value));
        } else {
          rejections.add(
              new Rejection(
                  SECTION,
                  number,
                  r.reason(),
                  "cannot ingest line "
                      + number
                      + ": "
                      + r.message().substring(r.message().indexOf(": ") + 2)));
        }
      }
    }
    return new ParsedLines(samples, rejections, strings, untimed);
  }

  /** The fields of one line, reused from line to line. */
  private static final class Fields {
    SeriesPart.Field[] field = new SeriesPart.Field[8];
    double[] value = new double[8];
    boolean[] string = new boolean[8];
    int count;

    void add(SeriesPart.Field f, double v, boolean isString) {
      if (count == field.length) {
        field = Arrays.copyOf(field, 2 * count);
        value = Arrays.copyOf(value, 2 * count);
        string = Arrays.copyOf(string, 2 * count);
      }
      field[count] = f;
      value[count] = v;
      string[count++] = isString;
    }
  }

  /** Reads a line's series and fields; the parser is left before the timestamp. */
  private void read(LineParser p, Fields fields) throws LineFormatException {
    fields.count = 0;
    byte[] body = p.bytes();
    int from = p.position();
    int to = p.seriesEnd();
    int hash = BytesCache.hash(body, from, to);
    SeriesPart part = known.get(body, from, to, hash);
    if (part == null) {
      part = known.put(body, from, to, hash, series(p));
    }
    p.position(to);
    if (part.error() != null) {
      throw new LineFormatException(part.error());
    }
    p.fieldsStart();
    do {
      int keyFrom = p.position();
      int keyTo = p.keyEnd();
      SeriesPart.Field field = part.field(body, keyFrom, keyTo);
      if (field == null) {
        String key = p.key();
        String metric = MetricNames.metric(part.measurement(), key);
        field =
            part.add(body, keyFrom, keyTo, key, metric, rules.seriesProblem(metric, part.labels()));
      } else {
        p.position(keyTo);
      }
      double v = p.value(field.key());
      fields.add(field, v, p.stringValue);
    } while (p.nextField());
  }

  /** The first byte of a line that is not whitespace ({@link String#strip}'s definition). */
  private static int firstNonBlank(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        if (!Character.isWhitespace(c)) {
          return i;
        }
        i++;
        continue;
      }
      int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2; // the line is valid UTF-8 here
      int cp = new String(b, i, Math.min(n, to - i), StandardCharsets.UTF_8).codePointAt(0);
      if (!Character.isWhitespace(cp)) {
        return i;
      }
      i += n;
    }
    return to;
  }

  private static SeriesPart series(LineParser p) {
    try {
      LineParser.Series s = p.series();
      return new SeriesPart(s.measurement(), labels(s.tags()), null);
    } catch (LineFormatException e) {
      return new SeriesPart(null, null, e.getMessage());
    }
  }

  private static Labels labels(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return Labels.empty();
    }
    Map<String, String> labels = new HashMap<>(tags.size() * 2);
    tags.forEach((k, v) -> labels.put(MetricNames.label(k), v));
    return Labels.of(labels);
  }

  private static Rejection malformed(int number, String cause) {
    return new Rejection(
        SECTION, number, Reason.MALFORMED, "cannot parse line " + number + ": " + cause);
  }
}
