package dev.tidemark.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigException;
import dev.tidemark.server.config.ConfigKey;
import org.junit.jupiter.api.Test;

class PromqlBudgetConfigTest {
  @Test
  void autoIsAThirdOfTheHeapAndNeverLessThanOneQuerysLimit() {
    Config defaults = Config.defaults();
    assertThat(HttpVerticle.promqlBudget(defaults, 256L << 20).limit())
        .isEqualTo((256L << 20) / 3 / 16); // 5,592,405
    assertThat(HttpVerticle.promqlBudget(defaults, 1L << 30).limit()).isEqualTo((1L << 30) / 48);
    assertThat(HttpVerticle.promqlBudget(defaults, 64L << 20).limit()).isEqualTo(5_000_000);
    Config set = defaults.with(ConfigKey.PROMQL_MAX_SAMPLES_TOTAL, "20000000");
    assertThat(HttpVerticle.promqlBudget(set, 64L << 20).limit()).isEqualTo(20_000_000);
  }

  @Test
  void aBudgetBelowOneQuerysLimitOrNotANumberIsRefusedByName() {
    for (String bad : new String[] {"1000", "lots", "-1"}) {
      Config c = Config.defaults().with(ConfigKey.PROMQL_MAX_SAMPLES_TOTAL, bad);
      assertThatThrownBy(() -> HttpVerticle.promqlBudget(c, 1L << 30))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "cannot use promql.max.samples.total="
                  + bad
                  + ": must be auto or a number of samples no smaller than promql.max.samples"
                  + " (5000000)");
    }
  }
}
