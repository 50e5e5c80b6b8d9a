package dev.tidemark.server.ingest.influx;

import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Reason;
import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.SampleRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A line-protocol body to samples. Each line is parsed on its own: a bad line is rejected with its
 * number ({@code cannot parse line 3: …}) and the other lines are kept. Every numeric field of a
 * line becomes one sample (names by {@link MetricNames}, tags as labels), checked by the same
 * {@link SampleRules} as every protocol; string fields are skipped and counted. Lines without a
 * timestamp get the server's time of the request. Blank lines and {@code #} comments are ignored.
 */
final class LineProtocolParser {
  static final String SECTION = "line";

  private final SampleRules rules;

  LineProtocolParser(SampleRules rules) {
    this.rules = rules;
  }

  /** Throws {@link TooManySamplesException} past the rules' batch size, so the client splits. */
  ParsedLines parse(String body, Precision precision, long nowMillis) {
    return parse(body, new java.util.BitSet(), precision, nowMillis);
  }

  /** As above; the lines numbered in {@code invalidUtf8} (from 1) are rejected as such. */
  ParsedLines parse(
      String body, java.util.BitSet invalidUtf8, Precision precision, long nowMillis) {
    List<Sample> samples = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    int strings = 0;
    boolean untimed = false;
    int number = 0;
    int start = 0;
    while (start < body.length()) {
      int end = body.indexOf('\n', start);
      if (end < 0) {
        end = body.length();
      }
      number++;
      String text =
          body.substring(start, end > start && body.charAt(end - 1) == '\r' ? end - 1 : end);
      start = end + 1;
      if (invalidUtf8.get(number)) {
        rejections.add(malformed(number, "line is not valid UTF-8"));
        continue;
      }
      String trimmed = text.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Line line;
      long timestamp;
      try {
        line = LineParser.parse(text.stripLeading());
        timestamp = line.timestamp() == null ? nowMillis : precision.toMillis(line.timestamp());
        untimed |= line.timestamp() == null;
      } catch (LineFormatException e) {
        rejections.add(malformed(number, e.getMessage()));
        continue;
      } catch (ArithmeticException e) {
        rejections.add(malformed(number, "timestamp is out of range for precision " + precision));
        continue;
      }
      Labels labels = labels(line.tags());
      for (Line.Field field : line.fields()) {
        if (field.value() == null) {
          strings++;
          continue;
        }
        if (samples.size() + rejections.size() >= rules.maxBatchSize()) {
          throw new TooManySamplesException(rules.maxBatchSize());
        }
        Sample sample =
            new Sample(
                MetricNames.metric(line.measurement(), field.key()),
                labels,
                timestamp,
                field.value());
        Rejection r = rules.check(SECTION, number, sample);
        if (r == null) {
          samples.add(sample);
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
