package dev.tidemark.query.plan;

import dev.tidemark.query.analysis.Direction;
import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.lang.ast.Binary;
import dev.tidemark.query.lang.ast.Call;
import dev.tidemark.query.lang.ast.Clauses;
import dev.tidemark.query.lang.ast.CompareQuery;
import dev.tidemark.query.lang.ast.Expr;
import dev.tidemark.query.lang.ast.Negate;
import dev.tidemark.query.lang.ast.NumberLiteral;
import dev.tidemark.query.lang.ast.Query;
import dev.tidemark.query.lang.ast.Selector;
import dev.tidemark.query.lang.ast.SeriesQuery;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.Tier;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Turns a parsed query into a {@link Plan}: resolves time, picks the step and the tier. */
public final class Planner {

  /** The label that ties a sample to a release. */
  public static final String RELEASE_LABEL = "release";

  private final QueryContext ctx;
  private final Function<String, MetricKind> kinds;

  private Planner(QueryContext ctx, Function<String, MetricKind> kinds) {
    this.ctx = ctx;
    this.kinds = kinds;
  }

  /**
   * Plans a query.
   *
   * @param kinds the kind of each metric (usually {@code dataSource::kind})
   * @throws QueryException ("cannot plan query: …") for queries that parse but make no sense
   */
  public static Plan plan(Query query, QueryContext ctx, Function<String, MetricKind> kinds) {
    Planner p = new Planner(ctx, kinds);
    if (query instanceof SeriesQuery) {
      return p.series((SeriesQuery) query);
    }
    return p.compare((CompareQuery) query);
  }

  private Plan series(SeriesQuery q) {
    Window w = Window.resolve(q.source(), q.clauses(), ctx);
    return new Plan.Series(node(q, q.expr(), w), w.from(), w.to(), w.bucketing(), q.analyses());
  }

  private PlanNode node(Query q, Expr e, Window w) {
    if (e instanceof NumberLiteral) {
      return new PlanNode.Scalar(((NumberLiteral) e).value(), e.toString());
    }
    if (e instanceof Negate) {
      return new PlanNode.Negation(node(q, ((Negate) e).operand(), w), e.toString());
    }
    if (e instanceof Binary) {
      Binary b = (Binary) e;
      return new PlanNode.Arithmetic(
          b.op(), node(q, b.left(), w), node(q, b.right(), w), e.toString());
    }
    if (e instanceof Selector) {
      Selector s = (Selector) e;
      MetricKind kind = kinds.apply(s.metric());
      Aggregation agg;
      switch (kind) {
        case COUNTER:
          agg = Aggregation.LAST;
          break;
        case HISTOGRAM:
          throw QueryException.plan(
              q.source(),
              s.pos(),
              "histogram "
                  + s.metric()
                  + " needs an aggregation, e.g. p95("
                  + s.metric()
                  + ") or count("
                  + s.metric()
                  + ")");
        default:
          agg = Aggregation.AVG;
      }
      return new PlanNode.Fetch(
          fetch(q, s, kind, agg, Double.NaN, Grouping.perSeries(), w, s.pos()), s.metric());
    }
    Call c = (Call) e;
    MetricKind kind = kinds.apply(c.selector().metric());
    check(q, c, kind);
    Grouping grouping = c.by().map(Grouping::by).orElse(Grouping.all());
    return new PlanNode.Fetch(
        fetch(q, c.selector(), kind, c.fn(), c.quantile(), grouping, w, c.pos()), e.toString());
  }

  private static void check(Query q, Call c, MetricKind kind) {
    if (kind != MetricKind.HISTOGRAM) {
      return;
    }
    if (c.fn() == Aggregation.LAST
        || c.fn() == Aggregation.RATE
        || c.fn() == Aggregation.INCREASE) {
      throw QueryException.plan(
          q.source(),
          c.pos(),
          c.fn().keyword()
              + " is not defined for histogram "
              + c.selector().metric()
              + " (use count, avg, min, max, sum or a quantile)");
    }
  }

  private SeriesFetch fetch(
      Query q,
      Selector s,
      MetricKind kind,
      Aggregation agg,
      double quantile,
      Grouping grouping,
      Window w,
      int pos) {
    boolean rawOnly = agg == Aggregation.QUANTILE && kind != MetricKind.HISTOGRAM;
    Tier tier;
    try {
      tier = TierChooser.choose(ctx.tiers(), w.bucketing(), w.from(), w.to(), ctx.now(), rawOnly);
    } catch (IllegalArgumentException e) {
      throw QueryException.plan(q.source(), pos, e.getMessage());
    }
    return new SeriesFetch(
        s.metric(),
        kind,
        s.matchers(),
        w.from(),
        w.to(),
        Optional.of(w.bucketing()),
        tier,
        agg,
        quantile,
        grouping);
  }

  private Plan compare(CompareQuery q) {
    Window w = Window.resolve(q.source(), q.clauses(), ctx);
    Selector selector;
    List<String> groupLabels;
    SeriesFetch template;
    if (q.subject() instanceof Selector) {
      selector = (Selector) q.subject();
      MetricKind kind = kinds.apply(selector.metric());
      if (kind == MetricKind.HISTOGRAM) {
        throw QueryException.plan(
            q.source(),
            selector.pos(),
            "compare needs one value per run; for histogram "
                + selector.metric()
                + " compare a quantile per bucket, e.g. p95("
                + selector.metric()
                + ") step 1m");
      }
      groupLabels = withoutRelease(q.by().orElse(List.of()));
      Tier raw = TierChooser.choose(ctx.tiers(), w.bucketing(), w.from(), w.to(), ctx.now(), true);
      Instant from = w.rawFrom();
      Instant to = w.rawTo();
      template =
          new SeriesFetch(
              selector.metric(),
              kind,
              selector.matchers(),
              from,
              to,
              Optional.empty(),
              raw,
              Aggregation.NONE,
              Double.NaN,
              groupLabels.isEmpty() ? Grouping.all() : Grouping.by(groupLabels));
    } else if (q.subject() instanceof Call) {
      Call c = (Call) q.subject();
      selector = c.selector();
      MetricKind kind = kinds.apply(selector.metric());
      check(q, c, kind);
      groupLabels = withoutRelease(c.by().orElse(List.of()));
      Grouping g = groupLabels.isEmpty() ? Grouping.all() : Grouping.by(groupLabels);
      template = fetch(q, selector, kind, c.fn(), c.quantile(), g, w, c.pos());
    } else {
      throw QueryException.plan(
          q.source(), q.subject().pos(), "compare needs a metric or one aggregation");
    }
    Direction direction = q.direction().orElse(Direction.guess(selector.metric()));
    return new Plan.Compare(
        selector.metric(),
        q.baseline(),
        q.candidate(),
        forRelease(template, q.baseline()),
        forRelease(template, q.candidate()),
        groupLabels,
        q.threshold(),
        q.alpha(),
        direction);
  }

  private static List<String> withoutRelease(List<String> labels) {
    List<String> out = new ArrayList<>(labels);
    out.remove(RELEASE_LABEL);
    return out;
  }

  private static SeriesFetch forRelease(SeriesFetch f, String release) {
    List<LabelMatcher> matchers = new ArrayList<>();
    for (LabelMatcher m : f.matchers()) {
      if (!m.name().equals(RELEASE_LABEL)) {
        matchers.add(m);
      }
    }
    matchers.add(LabelMatcher.eq(RELEASE_LABEL, release));
    return new SeriesFetch(
        f.metric(),
        f.kind(),
        matchers,
        f.from(),
        f.to(),
        f.bucketing(),
        f.tier(),
        f.aggregation(),
        f.quantile(),
        f.grouping());
  }

  /** The zone a query names, else the context's default. */
  static ZoneId zoneOf(Clauses c, QueryContext ctx) {
    return c.zone().map(z -> z.zone()).orElse(ctx.zone());
  }
}
