package dev.tidemark.protocol.compact;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HdrCodec;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The agent's side of {@link CompactFormat}: gives each series an id for the current epoch and
 * defines it in a batch until the server has acknowledged one that carried the definition. Not
 * thread-safe: the shipper owns it.
 */
public final class CompactWriter {
  /** An epoch holding this many series starts over, so the server's table stays bounded. */
  static final int MAX_SERIES = 200_000;

  private record Key(String metric, Labels labels) {}

  private final Map<Key, Integer> ids = new HashMap<>();
  private final List<Key> byId = new ArrayList<>();
  private final BitSet known = new BitSet(); // acknowledged by the server in this epoch
  private final BitSet sent = new BitSet(); // defined in the body last encoded
  private final Bytes out = new Bytes(4096);
  private long epoch;

  public CompactWriter() {
    newEpoch();
  }

  /** Forgets every id: the next batch defines its series anew (after a 409, or when full). */
  public void newEpoch() {
    ids.clear();
    byId.clear();
    known.clear();
    sent.clear();
    // random, not secure: an epoch only has to differ from the agent's last one (SecureRandom
    // would load the security providers, ~100 classes, into the agent)
    epoch = ThreadLocalRandom.current().nextLong() >>> 1;
  }

  public long epoch() {
    return epoch;
  }

  /** The server stored the body last encoded: its definitions need not be sent again. */
  public void acknowledged() {
    known.or(sent);
  }

  /** The uncompressed body of a batch. */
  public byte[] encode(Batch batch) {
    if (ids.size() + batch.size() > MAX_SERIES) {
      newEpoch();
    }
    sent.clear();
    int n = batch.samples().size();
    int[] sampleIds = new int[n];
    int[] histIds = new int[batch.histograms().size()];
    List<Integer> defs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Sample s = batch.samples().get(i);
      sampleIds[i] = id(s.metric(), s.labels(), defs);
    }
    for (int i = 0; i < histIds.length; i++) {
      HistogramSample h = batch.histograms().get(i);
      histIds[i] = id(h.metric(), h.labels(), defs);
    }
    out.reset();
    out.int4(CompactFormat.MAGIC);
    out.string(batch.agent());
    out.uvarint(batch.batch());
    out.uvarint(epoch);
    out.uvarint(defs.size());
    for (int id : defs) {
      Key k = byId.get(id);
      out.uvarint(id);
      out.string(k.metric());
      out.uvarint(k.labels().size());
      for (int i = 0; i < k.labels().size(); i++) {
        out.string(k.labels().name(i));
        out.string(k.labels().value(i));
      }
    }
    long base = n > 0 ? batch.samples().get(0).timestamp() : 0;
    if (n == 0 && histIds.length > 0) {
      base = batch.histograms().get(0).timestamp();
    }
    out.svarint(base);
    long prev = base;
    out.uvarint(n);
    for (int i = 0; i < n; i++) {
      Sample s = batch.samples().get(i);
      out.uvarint(sampleIds[i]);
      out.svarint(s.timestamp() - prev);
      prev = s.timestamp();
      value(s.value());
    }
    out.uvarint(histIds.length);
    for (int i = 0; i < histIds.length; i++) {
      HistogramSample h = batch.histograms().get(i);
      out.uvarint(histIds[i]);
      out.svarint(h.timestamp() - prev);
      prev = h.timestamp();
      out.string(h.unit());
      byte[] hdr = HdrCodec.toBytes(h.histogram());
      out.uvarint(hdr.length);
      out.bytes(hdr);
    }
    return out.toArray();
  }

  private int id(String metric, Labels labels, List<Integer> defs) {
    Key k = new Key(metric, labels);
    Integer id = ids.get(k);
    if (id == null) {
      id = byId.size();
      ids.put(k, id);
      byId.add(k);
    }
    if (!known.get(id) && !sent.get(id)) {
      sent.set(id);
      defs.add(id);
    }
    return id;
  }

  /**
   * A short decimal where the value is one (counters, byte counts, 0.52, 12.5: one tag byte and a
   * varint), else the eight bytes of the double. The decimal is used only when dividing it back
   * gives the very same bits, so decoding is exact.
   */
  private void value(double v) {
    if (Double.isFinite(v) && Math.abs(v) < 1e15) {
      for (int d = 0; d <= CompactFormat.MAX_DECIMALS; d++) {
        double scaled = v * CompactFormat.POW10[d];
        if (Math.abs(scaled) >= 9.0e15) {
          break;
        }
        long m = Math.round(scaled);
        if (Double.doubleToRawLongBits(m / CompactFormat.POW10[d])
            == Double.doubleToRawLongBits(v)) {
          out.byte1(d);
          out.svarint(m);
          return;
        }
      }
    }
    out.byte1(CompactFormat.TAG_DOUBLE);
    out.long8(Double.doubleToRawLongBits(v));
  }
}
