package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.ast.Expr.Matching.Card;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Arithmetic and comparisons between two instant vectors, matched as Prometheus matches them: by a
 * signature (the {@code on} labels, or every label but the {@code ignoring} ones and the metric
 * name), one-to-one unless {@code group_left}/{@code group_right} make one side the "many". At each
 * step the "one" side must be unique per signature, and one-to-one matching must find at most one
 * left sample per signature; the result labels come from the "many" side, reduced to the {@code on}
 * labels for one-to-one, with {@code group_*(labels)} copied from the "one" side.
 */
final class VectorMatching {

  private VectorMatching() {}

  static Value apply(Expr.Binary b, Value.Vector lhs, Value.Vector rhs, int steps) {
    Expr.Matching m = b.matching();
    boolean swap = m.card() == Card.ONE_TO_MANY;
    List<StepSeries> many = swap ? rhs.series() : lhs.series();
    List<StepSeries> one = swap ? lhs.series() : rhs.series();
    Map<Map<String, String>, List<StepSeries>> oneBySig = bySignature(one, m);
    Map<Map<String, String>, List<StepSeries>> manyBySig = bySignature(many, m);
    for (Map.Entry<Map<String, String>, List<StepSeries>> e : oneBySig.entrySet()) {
      if (e.getValue().size() > 1) {
        for (int i = 0; i < steps; i++) {
          presentOnce(e.getValue(), i, e.getKey(), m);
        }
      }
    }
    SeriesSet out = new SeriesSet(steps);
    // the output series of each (many, one) pair; the "one" partner rarely changes between steps
    Map<StepSeries, StepSeries> lastOne = new IdentityHashMap<>();
    Map<StepSeries, StepSeries> lastTarget = new IdentityHashMap<>();
    for (Map.Entry<Map<String, String>, List<StepSeries>> e : manyBySig.entrySet()) {
      List<StepSeries> ones = oneBySig.get(e.getKey());
      if (ones == null) {
        continue;
      }
      if (ones.size() == 1 && e.getValue().size() == 1) {
        pair(b, e.getValue().get(0), ones.get(0), swap, steps, out);
        continue;
      }
      for (int i = 0; i < steps; i++) {
        StepSeries r = presentOnce(ones, i, e.getKey(), m);
        if (r == null) {
          continue;
        }
        Set<Map<String, String>> inserted = m.card() == Card.ONE_TO_ONE ? null : new HashSet<>();
        int matched = 0;
        for (StepSeries l : e.getValue()) {
          if (!l.has(i)) {
            continue;
          }
          double vl = swap ? r.get(i) : l.get(i);
          double vr = swap ? l.get(i) : r.get(i);
          double value;
          if (BinaryOps.comparison(b.op())) {
            boolean keep = BinaryOps.compare(b.op(), vl, vr);
            if (!b.bool() && !keep) {
              continue;
            }
            value = b.bool() ? (keep ? 1 : 0) : vl;
          } else {
            value = BinaryOps.compute(b.op(), vl, vr, true);
          }
          StepSeries target = lastTarget.get(l);
          if (target == null || lastOne.get(l) != r) {
            target = out.of(result(l.labels(), r.labels(), b));
            lastTarget.put(l, target);
            lastOne.put(l, r);
          }
          Map<String, String> labels = target.labels();
          if (m.card() == Card.ONE_TO_ONE) {
            if (++matched > 1) {
              throw PromQlException.execution(
                  "multiple matches for labels: many-to-one matching must be explicit"
                      + " (group_left/group_right)");
            }
          } else if (!inserted.add(labels)) {
            throw PromQlException.execution(
                "multiple matches for labels: grouping labels must ensure unique matches");
          }
          SeriesSet.put(target, i, value);
        }
      }
    }
    return out.vector();
  }

  /** The common case: one series on each side of a signature, so no step can clash. */
  private static void pair(
      Expr.Binary b, StepSeries l, StepSeries r, boolean swap, int steps, SeriesSet out) {
    StepSeries target = null;
    boolean comparison = BinaryOps.comparison(b.op());
    for (int i = 0; i < steps; i++) {
      if (!l.has(i) || !r.has(i)) {
        continue;
      }
      double vl = swap ? r.get(i) : l.get(i);
      double vr = swap ? l.get(i) : r.get(i);
      double value;
      if (comparison) {
        boolean keep = BinaryOps.compare(b.op(), vl, vr);
        if (!b.bool() && !keep) {
          continue;
        }
        value = b.bool() ? (keep ? 1 : 0) : vl;
      } else {
        value = BinaryOps.compute(b.op(), vl, vr, true);
      }
      if (target == null) {
        target = out.of(result(l.labels(), r.labels(), b));
      }
      SeriesSet.put(target, i, value);
    }
  }

  /** The one series of {@code ones} present at {@code step}, or null; two are an error. */
  private static StepSeries presentOnce(
      List<StepSeries> ones, int step, Map<String, String> sig, Expr.Matching m) {
    StepSeries r = null;
    for (StepSeries o : ones) {
      if (o.has(step)) {
        if (r != null) {
          throw duplicate(sig, m, o, r);
        }
        r = o;
      }
    }
    return r;
  }

  private static PromQlException duplicate(
      Map<String, String> sig, Expr.Matching m, StepSeries a, StepSeries b) {
    String side = m.card() == Card.ONE_TO_MANY ? "left" : "right";
    return PromQlException.execution(
        "found duplicate series for the match group "
            + sig
            + " on the "
            + side
            + " hand-side of the operation: ["
            + a.labels()
            + ", "
            + b.labels()
            + "];many-to-many matching not allowed: matching labels must be unique on one side");
  }

  static Map<Map<String, String>, List<StepSeries>> bySignature(
      List<StepSeries> series, Expr.Matching m) {
    Map<Map<String, String>, List<StepSeries>> out = new LinkedHashMap<>();
    for (StepSeries s : series) {
      out.computeIfAbsent(signature(s.labels(), m), k -> new ArrayList<>()).add(s);
    }
    return out;
  }

  /** The labels two samples must share to match. */
  static Map<String, String> signature(Map<String, String> labels, Expr.Matching m) {
    Map<String, String> sig = new TreeMap<>();
    if (m.on()) {
      for (String l : m.labels()) {
        String v = labels.get(l);
        if (v != null && !v.isEmpty()) {
          sig.put(l, v);
        }
      }
      return sig;
    }
    sig.putAll(labels);
    sig.remove("__name__");
    m.labels().forEach(sig::remove);
    return sig;
  }

  /** Prometheus' resultMetric: the labels of one output sample. */
  private static Map<String, String> result(
      Map<String, String> manyLabels, Map<String, String> oneLabels, Expr.Binary b) {
    Expr.Matching m = b.matching();
    Map<String, String> out = new TreeMap<>(manyLabels);
    if (BinaryOps.dropsName(b.op())) {
      out.remove("__name__");
    }
    if (m.card() == Card.ONE_TO_ONE) {
      if (m.on()) {
        out.keySet().retainAll(new HashSet<>(m.labels()));
      } else {
        m.labels().forEach(out::remove);
      }
    }
    for (String l : m.include()) {
      String v = oneLabels.get(l);
      if (v != null && !v.isEmpty()) {
        out.put(l, v);
      } else {
        out.remove(l);
      }
    }
    if (b.bool()) {
      out.remove("__name__");
    }
    return out;
  }
}
