package dev.tidemark.protocol.compact;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchFormatException;
import dev.tidemark.protocol.DecodedBatch;
import dev.tidemark.protocol.HdrCodec;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Reason;
import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.SampleRules;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The server's side of {@link CompactFormat}: an uncompressed body to the same {@link DecodedBatch}
 * the JSON codec gives, every sample through the same {@link SampleRules}. A body that cannot be
 * read as a whole is refused ({@link BatchFormatException}); one that refers to a series the server
 * does not know is answered 409 ({@link UnknownSeriesException}).
 */
public final class CompactReader {
  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private CompactReader() {}

  public static DecodedBatch decode(byte[] body, SampleRules rules, SeriesTables tables)
      throws BatchFormatException, UnknownSeriesException {
    Reader r = new Reader(body);
    if (r.int4("magic") != CompactFormat.MAGIC) {
      throw new BatchFormatException("cannot parse compact batch: it does not start with TMC1");
    }
    String agent = r.string("agent");
    if (!AGENT_ID.matcher(agent).matches()) {
      throw new BatchFormatException(
          "cannot parse compact batch: agent must be 1-128 of [A-Za-z0-9._:-]");
    }
    long batch = r.uvarint("batch");
    long epoch = r.uvarint("epoch");
    if (batch < 0) {
      throw new BatchFormatException("cannot parse compact batch: batch must be non-negative");
    }
    SeriesTables.Table table = tables.table(agent, epoch);
    synchronized (table) {
      return read(r, agent, batch, epoch, rules, tables, table);
    }
  }

  private static DecodedBatch read(
      Reader r,
      String agent,
      long batch,
      long epoch,
      SampleRules rules,
      SeriesTables tables,
      SeriesTables.Table table)
      throws BatchFormatException, UnknownSeriesException {
    int defs = r.count("defs", 3);
    for (int i = 0; i < defs; i++) {
      long id = r.uvarint("defs.id");
      if (id >= tables.maxSeries()) {
        throw r.bad("series id " + id + " is over the limit " + tables.maxSeries(), "defs.id");
      }
      String metric = r.string("defs.metric");
      int n = r.count("defs.labels", 2);
      String[] pairs = new String[n * 2];
      int kept = 0;
      for (int j = 0; j < n; j++) {
        String name = r.string("defs.labels");
        String value = r.string("defs.labels");
        for (int k = 0; k < kept; k += 2) {
          if (pairs[k].equals(name)) {
            throw r.bad("label " + name + " is given twice", "defs.labels");
          }
        }
        if (!value.isEmpty()) { // an empty value is no label, as in Prometheus
          pairs[kept++] = name;
          pairs[kept++] = value;
        }
      }
      // too many labels, bad names: reported per sample by the rules, as in every protocol
      if (!table.define((int) id, metric, Labels.fromPairs(pairs, kept))) {
        throw r.bad("series id " + id + " is defined twice, differently", "defs.id");
      }
    }
    long ts = r.svarint("base ts");
    int n = r.count("samples", 3);
    if (n > rules.maxBatchSize()) {
      throw new BatchFormatException(
          "cannot parse compact batch: too many samples [max=" + rules.maxBatchSize() + "]");
    }
    List<Sample> samples = new ArrayList<>(n);
    List<Rejection> rejections = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = id(r, table, agent, epoch, "samples.id");
      ts += r.svarint("samples.ts");
      Sample s = new Sample(table.metric(id), table.labels(id), ts, value(r));
      Rejection rejection = rules.check("samples", i, s);
      if (rejection == null) {
        samples.add(s);
      } else {
        rejections.add(rejection);
      }
    }
    int h = r.count("histograms", 4);
    if (n + h > rules.maxBatchSize()) {
      throw new BatchFormatException(
          "cannot parse compact batch: too many samples [max=" + rules.maxBatchSize() + "]");
    }
    List<HistogramSample> histograms = new ArrayList<>(h);
    for (int i = 0; i < h; i++) {
      int id = id(r, table, agent, epoch, "histograms.id");
      ts += r.svarint("histograms.ts");
      String unit = r.string("histograms.unit");
      byte[] hdr = r.bytes("histograms.hdr");
      Sample probe = new Sample(table.metric(id), table.labels(id), ts, 0);
      Rejection rejection = rules.check("histograms", i, probe);
      if (rejection == null) {
        try {
          histograms.add(
              new HistogramSample(
                  probe.metric(),
                  probe.labels(),
                  ts,
                  unit,
                  HdrCodec.fromBytes(hdr, rules.maxHistogramBytes())));
          continue;
        } catch (IllegalArgumentException e) {
          rejection =
              new Rejection(
                  "histograms",
                  i,
                  Reason.BAD_HISTOGRAM,
                  "cannot ingest histograms[" + i + "]: " + e.getMessage());
        }
      }
      rejections.add(rejection);
    }
    if (!r.done()) {
      throw r.bad("unexpected bytes after the histograms", "end");
    }
    return new DecodedBatch(new Batch(agent, batch, samples, histograms), rejections);
  }

  private static int id(Reader r, SeriesTables.Table table, String agent, long epoch, String what)
      throws BatchFormatException, UnknownSeriesException {
    long id = r.uvarint(what);
    if (id < 0 || id > Integer.MAX_VALUE || table.metric((int) id) == null) {
      throw new UnknownSeriesException(
          "cannot decode compact batch: series id "
              + id
              + " is not defined in this epoch; send the batch again under a new epoch [agent="
              + agent
              + ", epoch="
              + epoch
              + "]");
    }
    return (int) id;
  }

  private static double value(Reader r) throws BatchFormatException {
    int tag = r.byte1("value");
    if (tag == CompactFormat.TAG_DOUBLE) {
      return Double.longBitsToDouble(r.long8("value"));
    }
    if (tag > CompactFormat.MAX_DECIMALS) {
      throw r.bad("unknown value tag " + tag, "value");
    }
    return r.svarint("value") / CompactFormat.POW10[tag];
  }
}
