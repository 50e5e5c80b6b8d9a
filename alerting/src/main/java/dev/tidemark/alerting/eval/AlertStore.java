package dev.tidemark.alerting.eval;

import java.util.List;
import java.util.Map;

/**
 * Keeps alert state across restarts, so a restart neither forgets a firing alert nor sends it as
 * new again. Keys are rule keys ({@code file;group;position;alert}).
 */
public interface AlertStore {
  /** Every stored alert by rule key. */
  Map<String, List<Alert>> load() throws Exception;

  /** Replaces what is stored for the rules of one group. */
  void save(String groupKey, Map<String, List<Alert>> alertsByRule) throws Exception;

  /** Forgets a group. */
  void delete(String groupKey) throws Exception;

  /** A store that keeps nothing. */
  static AlertStore none() {
    return new AlertStore() {
      @Override
      public Map<String, List<Alert>> load() {
        return Map.of();
      }

      @Override
      public void save(String groupKey, Map<String, List<Alert>> alertsByRule) {}

      @Override
      public void delete(String groupKey) {}
    };
  }
}
