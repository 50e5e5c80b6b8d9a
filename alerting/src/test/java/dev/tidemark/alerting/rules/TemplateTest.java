package dev.tidemark.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  @Test
  void expandsLabelsValuesAndFilters() {
    Map<String, String> labels = Map.of("instance", "h1:9100", "job", "node");
    assertThat(Template.parse("{{ $labels.instance }} is down").expand(labels, 0, Map.of()))
        .isEqualTo("h1:9100 is down");
    assertThat(Template.parse("v={{$value}}").expand(labels, 0.25, Map.of())).isEqualTo("v=0.25");
    assertThat(Template.parse("{{ humanize $value }}").expand(labels, 2_500_000, Map.of()))
        .isEqualTo("2.5M");
    assertThat(Template.parse("{{ $value | humanizePercentage }}").expand(labels, 0.873, Map.of()))
        .isEqualTo("87.3%");
    assertThat(Template.parse("{{ printf \"%.1f\" $value }}").expand(labels, 3.14159, Map.of()))
        .isEqualTo("3.1");
    assertThat(Template.parse("{{ $labels.missing }}|").expand(labels, 0, Map.of())).isEqualTo("|");
    assertThat(Template.parse("{{ $externalLabels.env }}").expand(labels, 0, Map.of("env", "prod")))
        .isEqualTo("prod");
  }

  @Test
  void formatsValuesAsGoDoes() {
    assertThat(GoFloat.format(3)).isEqualTo("3");
    assertThat(GoFloat.format(0.1)).isEqualTo("0.1");
    assertThat(GoFloat.format(123456)).isEqualTo("123456");
    assertThat(GoFloat.format(1e6)).isEqualTo("1e+06");
    assertThat(GoFloat.format(1234567)).isEqualTo("1.234567e+06");
    assertThat(GoFloat.format(0.00001)).isEqualTo("1e-05");
    assertThat(GoFloat.format(-2.5)).isEqualTo("-2.5");
    assertThat(GoFloat.format(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void rejectsWhatItCannotExpandWithThePosition() {
    assertThatThrownBy(() -> Template.parse("x {{ $labels.a "))
        .hasMessage("unclosed {{ [position=2]");
    assertThatThrownBy(() -> Template.parse("ab{{ .Foo }}"))
        .hasMessageStartingWith("unknown value .Foo")
        .hasMessageEndingWith("[position=5]");
    assertThatThrownBy(() -> Template.parse("{{ $value | toUpper }}"))
        .hasMessageStartingWith("unknown function toUpper")
        .hasMessageEndingWith("[position=12]");
  }
}
