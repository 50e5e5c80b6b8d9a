package dev.tidemark.releases.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tidemark.releases.json.JsonArray;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportPartsTest {
  @Test
  void csvFieldsAreQuotedPerRfc4180() {
    String csv =
        EvidenceExport.csv("shop", "v1,\"beta\"", Map.of("lat_ms\tcheck,out", new double[] {1.5}));
    assertThat(csv)
        .isEqualTo(
            "service,release,metric,operation,run,value\r\n"
                + "shop,\"v1,\"\"beta\"\"\",lat_ms,\"check,out\",1,1.5\r\n");
  }

  /**
   * Robust CV of {1, 2, 3, 4, 100}: median 3, MAD 1 (numpy: {@code np.median(abs(x - 3))}), so
   * 1.4826 / 3 × 100 = 49.42%.
   */
  @Test
  void robustSpreadIgnoresOneWildRun() {
    assertThat(TrendReport.robustCvPct(new double[] {1, 2, 3, 4, 100}))
        .isCloseTo(49.42, within(0.01));
  }

  @Test
  void yAxisLabelsFitTheMarginAndCarryTheUnit() {
    JsonArray b = new JsonArray().add(123456.78).add(123400.0);
    JsonArray c = new JsonArray().add(123500.0).add(123300.5);
    String svg = SvgChart.render("x", "ms", b, c, 123428, 123400);
    // the widest label at 10 px (about 6 px a character) ends at LEFT − 4 and must start at x ≥ 0
    String label = Html.num(123500 + (123500 - 123300.5) * 0.05); // the top: max + 5% of range
    assertThat(label.length() * 6).isLessThan(SvgChart.LEFT - 4);
    assertThat(svg).contains(">" + label + "<").contains(">ms</text>");
    assertThat(SvgChart.unit("checkout_latency_ms")).isEqualTo("ms");
    assertThat(SvgChart.unit("http_requests_total")).isEqualTo("/s");
    assertThat(SvgChart.unit("queue_depth")).isEmpty();
  }
}
