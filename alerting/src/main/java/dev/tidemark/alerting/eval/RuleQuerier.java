package dev.tidemark.alerting.eval;

import dev.tidemark.alerting.rules.Expression;
import java.util.List;

/**
 * Runs a rule's expression at one time (epoch ms). The server answers from its storage; {@link
 * DataSourceQuerier} answers from any {@code DataSource}. May block: it is called on the rule
 * engine's own threads.
 */
@FunctionalInterface
public interface RuleQuerier {
  List<Sample> instant(Expression expr, long time) throws Exception;
}
