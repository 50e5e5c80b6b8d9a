package dev.tidemark.releases.compare;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Operations whose regressions block a release: entries {@code operation}, {@code
 * metric/operation}, or {@code *} for every operation, from {@code releases.critical.operations}
 * and a comparison request's {@code critical_operations}.
 */
public record CriticalOperations(Set<String> entries) {

  public static CriticalOperations parse(String csv, Collection<String> more) {
    Set<String> set = new LinkedHashSet<>();
    Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(set::add);
    more.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(set::add);
    return new CriticalOperations(set);
  }

  public boolean matches(String metric, String operation) {
    String op = operation == null ? "" : operation;
    return entries.contains("*")
        || (!op.isEmpty() && entries.contains(op))
        || entries.contains(metric + "/" + op)
        || (op.isEmpty() && entries.contains(metric));
  }
}
