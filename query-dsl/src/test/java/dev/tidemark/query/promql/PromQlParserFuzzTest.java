package dev.tidemark.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and truncated input: the parser answers or throws PromQlException, nothing else. */
class PromQlParserFuzzTest {
  static final List<String> VALID =
      List.of(
          "1+1",
          "sum by (release) (rate(reqs_total{route=~\"/a|/b\", x!=\"y\"}[5m]))",
          "histogram_quantile(0.99, sum by (op, release) (rate(lat{op=~\".*\"}[1h30m])))",
          "max by (host, release) (max_over_time(cpu{host!~\"h9\"}[1m] offset 5m))",
          "-2 ^ 2 * (3 - 1) / 4 % 5 >= bool 1",
          "topk(3, cpu) > 10",
          "quantile_over_time(0.5, cpu[10m]) + on_purpose_metric",
          "round(cpu, 0.5) and cpu");

  static final String ALPHABET = "abcsumrate(){}[]\"'`=~!<>+-*/%^,:.0123456789 5mbywithout#\\@\n";

  @Test
  void everyPrefixAndMutationOnlyThrowsParseErrors() {
    Random random = new Random(42);
    for (String q : VALID) {
      for (int i = 0; i <= q.length(); i++) {
        parseOrReject(q.substring(0, i));
      }
      for (int n = 0; n < 300; n++) {
        StringBuilder b = new StringBuilder(q);
        int pos = random.nextInt(b.length());
        switch (random.nextInt(3)) {
          case 0:
            b.deleteCharAt(pos);
            break;
          case 1:
            b.insert(pos, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            break;
          default:
            b.setCharAt(pos, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        parseOrReject(b.toString());
      }
    }
    for (int n = 0; n < 3000; n++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(30);
      for (int i = 0; i < len; i++) {
        b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      parseOrReject(b.toString());
    }
  }

  private static void parseOrReject(String q) {
    try {
      PromQl.parse(q);
    } catch (PromQlException e) {
      assertThat(e.getMessage()).startsWith("cannot parse query: ");
      assertThat(e.kind()).isEqualTo(PromQlException.Kind.BAD_DATA);
    }
  }

  @Test
  void theWholeLanguageParsesAndExperimentsSaySo() {
    for (String q :
        List.of(
            "rate(cpu[5m:1m])",
            "max_over_time((time() - max(cpu) < 1000)[5m:10s] offset 5m)",
            "cpu and cpu",
            "cpu / on (host) group_left (release) cpu",
            "cpu @ 1700000000 offset 5m",
            "cpu[5m] @ end()",
            "label_replace(cpu, \"a\", \"b\", \"c\", \"d\")",
            "{host=\"h1\"}",
            "{__name__=~\"cp.*\"}",
            "count_values(\"v\", cpu)",
            "histogram_quantile(0.9, rate(lat_bucket[5m]) * 2)")) {
      assertThat(PromQl.parse(q)).as(q).isNotNull();
    }
    assertThatThrownBy(() -> PromQl.parse("limitk(2, cpu)"))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining("is not supported");
    assertThatThrownBy(() -> PromQl.parse("{__name__=~\".*\"}"))
        .hasMessageContaining("at least one non-empty matcher");
    assertThatThrownBy(() -> PromQl.parse("cpu and 1"))
        .hasMessageContaining("set operator \"and\" not allowed in binary scalar expression");
  }

  @Test
  void deepNestingAndHugeDurationsAreParseErrors() {
    assertThatThrownBy(() -> PromQl.parse("(".repeat(100_000) + "1" + ")".repeat(100_000)))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining("nested too deeply");
    assertThatThrownBy(() -> PromQl.parse("-".repeat(100_000) + "1"))
        .isInstanceOf(PromQlException.class);
    assertThatThrownBy(() -> PromQl.parse("rate(x[999999999999y])"))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining("longer than 300y");
    assertThat(PromQl.parse("(".repeat(50) + "1" + ")".repeat(50))).isNotNull();
  }

  @Test
  void typeErrorsAreParseErrors() {
    assertThatThrownBy(() -> PromQl.parse("rate(cpu)"))
        .hasMessageContaining("expected type range vector in call to function \"rate\"");
    assertThatThrownBy(() -> PromQl.parse("sum(cpu[5m])"))
        .hasMessageContaining("expected type instant vector in aggregation expression");
    assertThatThrownBy(() -> PromQl.parse("1 > 2")).hasMessageContaining("BOOL");
    assertThatThrownBy(() -> PromQl.parse("sum(cpu")).hasMessageContaining("end of query");
  }
}
