package dev.tidemark.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The native JSON batch of {@code POST /api/v1/ingest}:
 *
 * <pre>{"agent":"host-1","batch":42,
 *  "samples":[{"metric":"cpu_percent","labels":{"host":"h1"},"ts":1732300000000,"value":12.5}],
 *  "histograms":[{"metric":"http_latency","labels":{…},"ts":…,"unit":"us","hdr":"…"}]}</pre>
 *
 * <p>Decoding streams the body once. A body that is not such an object fails as a whole ({@link
 * BatchFormatException}); a bad sample inside it is rejected on its own, with its index, and the
 * others are kept. Unknown fields are ignored so older servers accept newer agents.
 */
public final class BatchCodec {
  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          // exact like Double.parseDouble, without its BigInteger slow path for 17-digit values
          // (a fifth of the decoding CPU and garbage in a profile of random doubles)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(16)
                  .maxStringLength(8 << 20)
                  .maxNumberLength(64)
                  .build())
          .build();

  /** Each decoding thread's recent strings: label values and metric names repeat. */
  private static final ThreadLocal<StringCache> STRINGS = ThreadLocal.withInitial(StringCache::new);

  private BatchCodec() {}

  public static byte[] encode(Batch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + batch.size() * 96);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("agent", batch.agent());
      g.writeNumberField("batch", batch.batch());
      g.writeArrayFieldStart("samples");
      for (Sample s : batch.samples()) {
        g.writeStartObject();
        writeSeries(g, s.metric(), s.labels(), s.timestamp());
        g.writeNumberField("value", s.value());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("histograms");
      for (HistogramSample h : batch.histograms()) {
        g.writeStartObject();
        writeSeries(g, h.metric(), h.labels(), h.timestamp());
        g.writeStringField("unit", h.unit());
        g.writeStringField("hdr", HdrCodec.encode(h.histogram()));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeSeries(JsonGenerator g, String metric, Labels labels, long ts)
      throws IOException {
    g.writeStringField("metric", metric);
    g.writeObjectFieldStart("labels");
    for (int i = 0; i < labels.size(); i++) {
      g.writeStringField(labels.name(i), labels.value(i));
    }
    g.writeEndObject();
    g.writeNumberField("ts", ts);
  }

  public static DecodedBatch decode(byte[] body, SampleRules rules) throws BatchFormatException {
    try (JsonParser p = JSON.createParser(body)) {
      return new Reader(p, rules, STRINGS.get()).read();
    } catch (IOException e) {
      throw new BatchFormatException("cannot parse batch: " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int cut = message.indexOf("\n at [Source");
    return cut < 0 ? message : message.substring(0, cut) + locate(message.substring(cut));
  }

  private static String locate(String location) {
    int line = location.indexOf("line: ");
    return line < 0 ? "" : " [" + location.substring(line).replace("]", "").trim() + "]";
  }

  /** One pass over one body. */
  private static final class Reader {
    private final JsonParser p;
    private final SampleRules rules;
    private final StringCache strings;
    private final Item item = new Item();
    private final List<Sample> samples = new ArrayList<>();
    private final List<HistogramSample> histograms = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private int items;

    Reader(JsonParser p, SampleRules rules, StringCache strings) {
      this.p = p;
      this.rules = rules;
      this.strings = strings;
    }

    DecodedBatch read() throws IOException, BatchFormatException {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BatchFormatException("cannot parse batch: body is not a JSON object");
      }
      String agent = null;
      Long batch = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "agent" -> {
            if (t != JsonToken.VALUE_STRING || !AGENT_ID.matcher(p.getText()).matches()) {
              throw new BatchFormatException(
                  "cannot parse batch: agent must be a string of 1-128 [A-Za-z0-9._:-]");
            }
            agent = p.getText();
          }
          case "batch" -> {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
              throw new BatchFormatException(
                  "cannot parse batch: batch must be a non-negative integer");
            }
            batch = p.getLongValue();
          }
          case "samples" -> readArray(t, "samples");
          case "histograms" -> readArray(t, "histograms");
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new BatchFormatException("cannot parse batch: unexpected content after the object");
      }
      if (agent == null) {
        throw new BatchFormatException("cannot parse batch: field agent is missing");
      }
      if (batch == null) {
        throw new BatchFormatException("cannot parse batch: field batch is missing");
      }
      return new DecodedBatch(new Batch(agent, batch, samples, histograms), rejections);
    }

    private void readArray(JsonToken t, String section) throws IOException, BatchFormatException {
      if (t != JsonToken.START_ARRAY) {
        throw new BatchFormatException("cannot parse batch: " + section + " must be an array");
      }
      int index = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (++items > rules.maxBatchSize()) {
          throw new BatchFormatException(
              "cannot parse batch: too many samples [max=" + rules.maxBatchSize() + "]");
        }
        readItem(section, index++);
      }
    }

    private void readItem(String section, int index) throws IOException {
      item.reset();
      if (p.currentToken() != JsonToken.START_OBJECT) {
        item.problem("must be an object");
        p.skipChildren();
      } else {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          readField(item, field);
        }
      }
      boolean histogram = section.equals("histograms");
      String problem = item.problem != null ? item.problem : item.missing(histogram);
      if (problem != null) {
        rejections.add(
            new Rejection(
                section,
                index,
                Reason.MALFORMED,
                "cannot ingest " + section + "[" + index + "]: " + problem));
        return;
      }
      // a histogram has no value of its own: 0 passes the finiteness rule
      Sample sample = new Sample(item.metric, item.labels(), item.ts, histogram ? 0 : item.value);
      Rejection rejection = rules.check(section, index, sample);
      String badUnit = histogram ? SampleRules.unstorable(item.unit) : null;
      if (rejection == null && badUnit != null) {
        rejection =
            new Rejection(
                section,
                index,
                Reason.MALFORMED,
                "cannot ingest " + section + "[" + index + "]: unit " + badUnit);
      }
      if (rejection == null && histogram) {
        try {
          histograms.add(
              new HistogramSample(
                  sample.metric(),
                  sample.labels(),
                  sample.timestamp(),
                  item.unit,
                  HdrCodec.decode(item.hdr, rules.maxHistogramBytes())));
          return;
        } catch (IllegalArgumentException e) {
          rejection =
              new Rejection(
                  section,
                  index,
                  Reason.BAD_HISTOGRAM,
                  "cannot ingest " + section + "[" + index + "]: " + e.getMessage());
        }
      }
      if (rejection != null) {
        rejections.add(rejection);
      } else {
        samples.add(sample);
      }
    }

    private void readField(Item item, String field) throws IOException {
      JsonToken t = p.currentToken();
      switch (field) {
        case "metric" -> item.metric = cachedText(item, t, "metric");
        case "unit" -> item.unit = text(item, t, "unit");
        case "hdr" -> item.hdr = text(item, t, "hdr");
        case "ts" -> {
          if (t != JsonToken.VALUE_NUMBER_INT) {
            item.problem("ts must be an integer of epoch milliseconds");
          } else {
            try {
              item.ts = p.getLongValue();
              item.hasTs = true;
            } catch (InputCoercionException e) {
              item.problem("ts is out of range");
            }
          }
        }
        case "value" -> {
          if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            item.value = p.getDoubleValue();
            item.hasValue = true;
          } else {
            item.problem("value must be a number");
          }
        }
        case "labels" -> readLabels(item, t);
        default -> {}
      }
      p.skipChildren();
    }

    private String text(Item item, JsonToken t, String field) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        item.problem(field + " must be a string");
        return null;
      }
      return p.getText();
    }

    /** Text that repeats from sample to sample, from the cache when seen lately. */
    private String cachedText(Item item, JsonToken t, String field) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        item.problem(field + " must be a string");
        return null;
      }
      return strings.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    private void readLabels(Item item, JsonToken t) throws IOException {
      if (t != JsonToken.START_OBJECT) {
        item.problem("labels must be an object of strings");
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v != JsonToken.VALUE_STRING) {
          item.problem("label " + name + " must have a string value");
          p.skipChildren();
        } else if (!item.label(
            name, strings.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()))) {
          item.problem("label " + name + " is given twice");
        }
      }
    }
  }

  /**
   * The fields of one sample or histogram as read, before validation; reused from one to the next.
   */
  private static final class Item {
    String metric;

    /** Alternating names and values as read; empty values are dropped as in {@link Labels#of}. */
    private String[] pairs = new String[16];

    private int n;
    long ts;
    boolean hasTs;
    double value;
    boolean hasValue;
    String unit = "";
    String hdr;
    String problem;

    /** Adds a label; false when the name was given before. */
    boolean label(String name, String value) {
      for (int i = 0; i < n; i += 2) {
        if (pairs[i].equals(name)) {
          return false;
        }
      }
      if (value.isEmpty()) {
        return true;
      }
      if (n == pairs.length) {
        pairs = java.util.Arrays.copyOf(pairs, n * 2);
      }
      pairs[n++] = name;
      pairs[n++] = value;
      return true;
    }

    Labels labels() {
      return Labels.fromPairs(java.util.Arrays.copyOf(pairs, n), n); // the copy is the labels' own
    }

    void reset() {
      metric = null;
      n = 0;
      ts = 0;
      hasTs = false;
      value = 0;
      hasValue = false;
      unit = "";
      hdr = null;
      problem = null;
    }

    void problem(String p) {
      if (problem == null) {
        problem = p;
      }
    }

    String missing(boolean histogram) {
      if (metric == null) {
        return "field metric is missing";
      }
      if (!hasTs) {
        return "field ts is missing";
      }
      if (histogram && hdr == null) {
        return "field hdr is missing";
      }
      if (!histogram && !hasValue) {
        return "field value is missing";
      }
      return null;
    }
  }
}
