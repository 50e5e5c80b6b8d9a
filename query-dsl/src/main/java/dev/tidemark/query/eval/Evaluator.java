package dev.tidemark.query.eval;

import dev.tidemark.query.lang.ast.Analysis;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.plan.Plan;
import dev.tidemark.query.plan.PlanNode;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.PointList;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.time.Bucketing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link Plan} against a {@link DataSource}: fetches, arithmetic, analyses, frames.
 * Stateless; safe to share.
 */
public final class Evaluator {

  private Evaluator() {}

  /**
   * Runs a plan.
   *
   * @throws dev.tidemark.query.lang.QueryException ("cannot evaluate query: …") when a limit is
   *     exceeded
   */
  public static List<Frame> evaluate(Plan plan, DataSource source, Limits limits) {
    Budget budget = new Budget(limits);
    if (plan instanceof Plan.Compare) {
      Plan.Compare c = (Plan.Compare) plan;
      List<SeriesData> b = source.fetch(c.baselineFetch());
      budget.charge(toSeries(b, c.metric()));
      List<SeriesData> cand = source.fetch(c.candidateFetch());
      budget.charge(toSeries(cand, c.metric()));
      return List.of(CompareFrame.of(c, b, cand));
    }
    Plan.Series p = (Plan.Series) plan;
    Value v = eval(p.root(), source, budget);
    List<Series> series = materialize(v, p);
    budget.charge(series);
    if (p.analyses().isEmpty()) {
      List<Frame> out = new ArrayList<>();
      for (Series s : series) {
        out.add(seriesFrame(s));
      }
      return out;
    }
    List<Frame> out = new ArrayList<>();
    for (Analysis a : p.analyses()) {
      for (Series s : series) {
        budget.checkTime();
        out.add(analyse(a, s, p.bucketing()));
      }
      if (a instanceof Analysis.Trend) {
        ReleaseTrendFrame.of(series).ifPresent(out::add);
      }
    }
    return out;
  }

  private static Frame analyse(Analysis a, Series s, Bucketing bucketing) {
    if (a instanceof Analysis.Trend) {
      return AnalysisFrames.trend(s, (Analysis.Trend) a, bucketing);
    }
    if (a instanceof Analysis.Anomalies) {
      return AnalysisFrames.anomalies(s, (Analysis.Anomalies) a);
    }
    return AnalysisFrames.changePoints(s, (Analysis.ChangePoints) a);
  }

  private static Value eval(PlanNode n, DataSource source, Budget budget) {
    if (n instanceof PlanNode.Scalar) {
      return new Value.Scalar(((PlanNode.Scalar) n).value());
    }
    if (n instanceof PlanNode.Negation) {
      Value v = eval(((PlanNode.Negation) n).operand(), source, budget);
      if (v instanceof Value.Scalar) {
        return new Value.Scalar(-((Value.Scalar) v).value());
      }
      return Arithmetic.map((Value.Vector) v, n.name(), x -> -x);
    }
    if (n instanceof PlanNode.Arithmetic) {
      PlanNode.Arithmetic a = (PlanNode.Arithmetic) n;
      Value l = eval(a.left(), source, budget);
      Value r = eval(a.right(), source, budget);
      return Arithmetic.apply(a.op(), l, r, n.name());
    }
    PlanNode.Fetch f = (PlanNode.Fetch) n;
    List<Series> series = toSeries(source.fetch(f.fetch()), f.name());
    budget.charge(series);
    return new Value.Vector(series);
  }

  private static List<Series> toSeries(List<SeriesData> data, String name) {
    List<Series> out = new ArrayList<>(data.size());
    for (SeriesData d : data) {
      if (d.points() instanceof PointList) {
        PointList columns = (PointList) d.points();
        out.add(new Series(name, d.labels(), columns.times(), columns.values()));
        continue;
      }
      long[] t = new long[d.points().size()];
      double[] v = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        Point p = d.points().get(i);
        t[i] = p.time();
        v[i] = p.value();
      }
      out.add(new Series(name, d.labels(), t, v));
    }
    out.sort((a, b) -> a.labels().toString().compareTo(b.labels().toString()));
    return out;
  }

  /** A scalar result becomes one series with the value at every bucket. */
  private static List<Series> materialize(Value v, Plan.Series p) {
    if (v instanceof Value.Vector) {
      return ((Value.Vector) v).series();
    }
    double x = ((Value.Scalar) v).value();
    List<Long> times = new ArrayList<>();
    Bucketing b = p.bucketing();
    for (long t = p.from().toEpochMilli(); t < p.to().toEpochMilli(); t = b.next(t)) {
      times.add(t);
    }
    long[] t = times.stream().mapToLong(Long::longValue).toArray();
    double[] y = new double[t.length];
    Arrays.fill(y, x);
    return List.of(new Series(p.root().name(), Map.of(), t, y));
  }

  private static Frame seriesFrame(Series s) {
    return new Frame(
        s.name(),
        s.labels(),
        List.of("time", "value"),
        new SeriesRows(s.times(), s.values()),
        Map.of());
  }
}
