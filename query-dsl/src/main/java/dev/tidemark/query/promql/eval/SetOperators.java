package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.ast.Expr;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code and}, {@code or} and {@code unless} between instant vectors, step by step, matched on the
 * same signatures as {@link VectorMatching}. Samples keep their labels and values: {@code and}
 * keeps the left samples whose signature the right side has, {@code unless} those it has not,
 * {@code or} every left sample and the right samples whose signature the left side has not.
 */
final class SetOperators {

  private SetOperators() {}

  static Value apply(String op, Expr.Matching m, Value.Vector lhs, Value.Vector rhs, int steps) {
    List<StepSeries> left = lhs.series();
    List<StepSeries> right = rhs.series();
    List<Map<String, String>> leftSigs = signatures(left, m);
    List<Map<String, String>> rightSigs = signatures(right, m);
    SeriesSet out = new SeriesSet(steps);
    for (int i = 0; i < steps; i++) {
      Set<Map<String, String>> other = new HashSet<>();
      List<Map<String, String>> otherSigs = op.equals("or") ? leftSigs : rightSigs;
      List<StepSeries> otherSide = op.equals("or") ? left : right;
      for (int k = 0; k < otherSide.size(); k++) {
        if (otherSide.get(k).has(i)) {
          other.add(otherSigs.get(k));
        }
      }
      for (int k = 0; k < left.size(); k++) {
        StepSeries l = left.get(k);
        if (!l.has(i)) {
          continue;
        }
        boolean keep = op.equals("or") || (op.equals("and") == other.contains(leftSigs.get(k)));
        if (keep) {
          out.add(l.labels(), i, l.get(i));
        }
      }
      if (op.equals("or")) {
        for (int k = 0; k < right.size(); k++) {
          StepSeries r = right.get(k);
          if (r.has(i) && !other.contains(rightSigs.get(k))) {
            out.add(r.labels(), i, r.get(i));
          }
        }
      }
    }
    return out.vector();
  }

  private static List<Map<String, String>> signatures(List<StepSeries> side, Expr.Matching m) {
    return side.stream().map(s -> VectorMatching.signature(s.labels(), m)).toList();
  }
}
