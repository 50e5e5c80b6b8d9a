package dev.tidemark.query;

import dev.tidemark.query.eval.Evaluator;
import dev.tidemark.query.eval.Frame;
import dev.tidemark.query.lang.Parser;
import dev.tidemark.query.lang.ast.Query;
import dev.tidemark.query.plan.Plan;
import dev.tidemark.query.plan.Planner;
import dev.tidemark.query.plan.QueryContext;
import dev.tidemark.query.source.DataSource;
import java.util.List;

/**
 * The one-call entry point: parse, plan and evaluate a query.
 *
 * <pre>{@code
 * List<Frame> frames = TidemarkQuery.run("p95(http_latency) by (route) last 1d step 1h",
 *     QueryContext.of(Instant.now(), tiers), dataSource);
 * String json = FrameJson.write(frames);
 * }</pre>
 */
public final class TidemarkQuery {

  private TidemarkQuery() {}

  /** Parses and plans without touching data (e.g. to validate or to explain a query). */
  public static Plan plan(String text, QueryContext ctx, DataSource source) {
    Query q = Parser.parse(text);
    return Planner.plan(q, ctx, source::kind);
  }

  /**
   * Runs a query.
   *
   * @throws dev.tidemark.query.lang.QueryException for syntax errors and plans that make no sense
   *     (answer 400) and for exceeded limits (verb "evaluate")
   */
  public static List<Frame> run(String text, QueryContext ctx, DataSource source) {
    return Evaluator.evaluate(plan(text, ctx, source), source, ctx.limits());
  }
}
