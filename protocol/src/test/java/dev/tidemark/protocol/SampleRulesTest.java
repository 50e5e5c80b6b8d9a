package dev.tidemark.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What PostgreSQL cannot store is refused in the request, never after the acknowledgement. */
class SampleRulesTest {
  final SampleRules rules = SampleRules.defaults();
  final long now = System.currentTimeMillis();

  @Test
  void nulAndLoneSurrogatesInLabelValuesAreRefused() {
    for (String bad : new String[] {"x\u0000y", "\ud800", "a\udc00b", "\ud83d"}) {
      Rejection r = rules.check("samples", 3, new Sample("m", Labels.of("a", bad), now, 1));
      assertThat(r).as(bad).isNotNull();
      assertThat(r.reason()).isEqualTo(Reason.BAD_LABEL_VALUE);
      assertThat(r.message()).startsWith("cannot ingest samples[3]: value of label a ");
    }
  }

  @Test
  void validUnicodeIsKept() {
    for (String good : new String[] {"ünïcødé", "😀", "日本", "tab\tand\u0001control"}) {
      assertThat(rules.check("samples", 0, new Sample("m", Labels.of("a", good), now, 1)))
          .as(good)
          .isNull();
    }
    assertThat(SampleRules.unstorable("😀x")).isNull();
    assertThat(SampleRules.unstorable("ab\u0000")).contains("offset 2");
  }
}
