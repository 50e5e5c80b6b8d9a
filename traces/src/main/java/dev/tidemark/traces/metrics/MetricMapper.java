package dev.tidemark.traces.metrics;

import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Reason;
import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.SampleRules;
import dev.tidemark.traces.JsonText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * OTLP metric data points into Tidemark samples, the way Prometheus' OTLP receiver maps them:
 *
 * <ul>
 *   <li>resource: {@code job} = {@code service.namespace/service.name}, {@code instance} = {@code
 *       service.instance.id}, plus Tidemark's {@code service} (service.name) and {@code release}
 *       (service.version), plus the configured promoted attributes;
 *   <li>gauges and non-monotonic sums: one sample; monotonic cumulative sums: {@code _total};
 *   <li>explicit-bucket histograms (cumulative): {@code _bucket{le}} (cumulative counts, {@code
 *       +Inf} last), {@code _sum}, {@code _count} — PromQL's {@code histogram_quantile} reads them;
 *   <li>exponential histograms: one Tidemark histogram per point (mergeable log buckets, what
 *       Prometheus stores as a native histogram); a cumulative stream is turned into intervals
 *       against its previous point ({@link CumulativeToDelta});
 *   <li>summaries: {@code {quantile}} samples, {@code _sum}, {@code _count}.
 * </ul>
 *
 * Delta sums and delta explicit histograms are rejected ({@code unsupported}), as Prometheus does
 * without its delta feature flags; negative exponential buckets too (HdrHistogram holds no negative
 * values). A point flagged "no recorded value" becomes a staleness marker.
 */
public final class MetricMapper {
  public static final String SECTION = "data_points";

  private final SampleRules rules;
  private final List<String> promoted;
  private final CumulativeToDelta deltas = new CumulativeToDelta(100_000);

  public MetricMapper(SampleRules rules, List<String> promoted) {
    this.rules = rules;
    this.promoted = List.copyOf(promoted);
  }

  /** Samples and histograms from the points, with one rejection per point refused. */
  public record Mapped(
      List<Sample> samples,
      List<HistogramSample> histograms,
      int accepted,
      List<Rejection> rejections) {}

  public Mapped map(List<OtlpPoint> points) {
    List<Sample> samples = new ArrayList<>();
    List<HistogramSample> histograms = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    int accepted = 0;
    for (int i = 0; i < points.size(); i++) {
      OtlpPoint p = points.get(i);
      List<Sample> out = new ArrayList<>();
      Rejection r = point(i, p, out, histograms);
      for (int j = 0; r == null && j < out.size(); j++) {
        r = rules.check(SECTION, i, out.get(j));
      }
      if (r != null) {
        rejections.add(r);
      } else {
        samples.addAll(out);
        accepted++;
      }
    }
    return new Mapped(samples, histograms, accepted, rejections);
  }

  private Rejection point(
      int index, OtlpPoint p, List<Sample> out, List<HistogramSample> histograms) {
    Map<String, String> labels = labels(p);
    long ts = Math.floorDiv(p.timeNanos(), 1_000_000L);
    boolean stale = (p.flags() & OtlpPoint.NO_RECORDED_VALUE) != 0;
    switch (p.type()) {
      case GAUGE ->
          add(out, PromNames.metric(p.name(), p.unit(), true, false), labels, ts, p.value(), stale);
      case SUM -> {
        if (p.temporality() != OtlpPoint.CUMULATIVE) {
          return reject(index, Reason.UNSUPPORTED, p.name(), "sums must be cumulative");
        }
        add(
            out,
            PromNames.metric(p.name(), p.unit(), !p.monotonic(), p.monotonic()),
            labels,
            ts,
            p.value(),
            stale);
      }
      case HISTOGRAM -> {
        if (p.temporality() != OtlpPoint.CUMULATIVE) {
          return reject(index, Reason.UNSUPPORTED, p.name(), "histograms must be cumulative");
        }
        if (p.bucketCounts().length != 0 && p.bucketCounts().length != p.bounds().length + 1) {
          return reject(
              index,
              Reason.BAD_HISTOGRAM,
              p.name(),
              "bucket_counts must have one more entry than explicit_bounds");
        }
        String base = PromNames.metric(p.name(), p.unit(), false, false);
        long cumulative = 0;
        for (int b = 0; b < p.bounds().length && p.bucketCounts().length > 0; b++) {
          cumulative += p.bucketCounts()[b];
          add(out, base + "_bucket", with(labels, "le", le(p.bounds()[b])), ts, cumulative, stale);
        }
        add(out, base + "_bucket", with(labels, "le", "+Inf"), ts, p.count(), stale);
        if (p.hasSum()) {
          add(out, base + "_sum", labels, ts, p.sum(), stale);
        }
        add(out, base + "_count", labels, ts, p.count(), stale);
      }
      case EXPONENTIAL_HISTOGRAM -> {
        for (long c : p.negativeCounts()) {
          if (c != 0) {
            return reject(index, Reason.UNSUPPORTED, p.name(), "negative buckets cannot be stored");
          }
        }
        if (stale) {
          return null; // nothing recorded: no interval to store
        }
        String range =
            ExponentialBuckets.outOfRange(
                p.scale(), p.positiveOffset(), p.positiveCounts().length, p.unit());
        if (range != null) {
          return reject(index, Reason.BAD_HISTOGRAM, p.name(), range);
        }
        String metric = PromNames.metric(p.name(), p.unit(), false, false);
        Histogram hdr =
            ExponentialBuckets.toHdr(
                p.scale(), p.zeroCount(), p.positiveOffset(), p.positiveCounts(), p.unit());
        if (p.temporality() == OtlpPoint.CUMULATIVE) {
          hdr = deltas.interval(metric + Labels.of(labels).canonical(), hdr);
        } else if (p.temporality() != OtlpPoint.DELTA) {
          return reject(index, Reason.UNSUPPORTED, p.name(), "aggregation temporality is unset");
        }
        Sample probe = new Sample(metric, Labels.of(labels), ts, 0);
        Rejection r = rules.check(SECTION, index, probe);
        if (r != null) {
          return r;
        }
        if (hdr.getTotalCount() > 0) {
          histograms.add(
              new HistogramSample(
                  metric, Labels.of(labels), ts, ExponentialBuckets.unit(p.unit()), hdr));
        }
      }
      case SUMMARY -> {
        String base = PromNames.metric(p.name(), p.unit(), false, false);
        for (int q = 0; q < p.quantiles().length; q++) {
          add(
              out,
              base,
              with(labels, "quantile", le(p.quantiles()[q])),
              ts,
              p.quantileValues()[q],
              stale);
        }
        add(out, base + "_sum", labels, ts, p.sum(), stale);
        add(out, base + "_count", labels, ts, p.count(), stale);
      }
    }
    return null;
  }

  private Map<String, String> labels(OtlpPoint p) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, Object> r = p.resource();
    Object name = r.get("service.name");
    Object namespace = r.get("service.namespace");
    if (name != null) {
      labels.put("job", namespace == null ? name.toString() : namespace + "/" + name);
      labels.put("service", name.toString());
    }
    Object instance = r.get("service.instance.id");
    if (instance != null) {
      labels.put("instance", instance.toString());
    }
    Object version = r.containsKey("release") ? r.get("release") : r.get("service.version");
    if (version != null) {
      labels.put("release", version.toString());
    }
    for (String key : promoted) {
      Object v = r.get(key);
      if (v != null) {
        labels.put(PromNames.label(key), text(v));
      }
    }
    for (Map.Entry<String, Object> a : p.attributes().entrySet()) {
      if (a.getValue() != null) {
        labels.put(PromNames.label(a.getKey()), text(a.getValue()));
      }
    }
    labels.values().removeIf(String::isEmpty);
    return labels;
  }

  private static String text(Object v) {
    return v instanceof List<?> || v instanceof Map<?, ?> ? JsonText.write(v) : v.toString();
  }

  private static Map<String, String> with(Map<String, String> labels, String k, String v) {
    Map<String, String> m = new LinkedHashMap<>(labels);
    m.put(k, v);
    return m;
  }

  /** A bound as Prometheus writes {@code le}: shortest decimal, no exponent. */
  static String le(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (Double.isNaN(v)) {
      return "NaN";
    }
    String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    return s;
  }

  private static void add(
      List<Sample> out,
      String metric,
      Map<String, String> labels,
      long ts,
      double v,
      boolean stale) {
    out.add(
        stale
            ? Sample.staleMarker(metric, Labels.of(labels), ts)
            : new Sample(metric, Labels.of(labels), ts, v));
  }

  private static Rejection reject(int index, Reason reason, String metric, String problem) {
    return new Rejection(
        SECTION,
        index,
        reason,
        "cannot ingest " + SECTION + "[" + index + "] of " + metric + ": " + problem);
  }
}
