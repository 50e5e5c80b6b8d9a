package dev.tidemark.alerting.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AlertStore} in memory that keeps copies, as a database would. */
final class MemoryStore implements AlertStore {
  final Map<String, List<Alert>> byRule = new ConcurrentHashMap<>();
  int saves;

  @Override
  public Map<String, List<Alert>> load() {
    return Map.copyOf(byRule);
  }

  @Override
  public void save(String groupKey, Map<String, List<Alert>> alertsByRule) {
    saves++;
    byRule.keySet().removeIf(k -> k.startsWith(groupKey + ";"));
    alertsByRule.forEach(
        (k, v) -> {
          List<Alert> copies = new ArrayList<>();
          v.forEach(a -> copies.add(a.copy()));
          byRule.put(k, copies);
        });
  }

  @Override
  public void delete(String groupKey) {
    byRule.keySet().removeIf(k -> k.startsWith(groupKey + ";"));
  }
}
