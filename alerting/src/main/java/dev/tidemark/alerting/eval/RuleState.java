package dev.tidemark.alerting.eval;

import dev.tidemark.alerting.rules.Rule;
import java.util.List;

/** A rule with what it keeps between evaluations; evaluated by one thread at a time. */
public interface RuleState {
  Rule rule();

  /** Evaluates at {@code ts} and returns the samples to write (stale markers included). */
  List<OutputSample> evaluate(long ts, RuleQuerier querier) throws Exception;

  RuleStatus status();

  void status(RuleStatus status);
}
