package dev.tidemark.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserErrorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '`',
      textBlock =
          """
          avg(cpu{host="a"}                                     ; 1 ; 18 ; expected ')', found end of query
          cpu{host="a}                                          ; 1 ; 10 ; unterminated string
          cpu{host=="a"}                                        ; 1 ; 10 ; expected a label value in quotes, found '='
          avg(cpu) last 7x                                      ; 1 ; 15 ; invalid duration '7x'
          avgg(cpu)                                             ; 1 ; 1  ; unknown function 'avgg'
          avg(cpu) step 5m step 1m                              ; 1 ; 18 ; the step is already given
          p95(lat) zone "Mars/Olympus"                          ; 1 ; 15 ; unknown time zone "Mars/Olympus"
          cpu{host=~"("}                                        ; 1 ; 11 ; invalid regular expression
          compare release "v1" to "v2" on lat threshold 5       ; 1 ; 48 ; expected '%', found end of query
          avg(cpu) by host                                      ; 1 ; 13 ; expected '(' after by, found 'host'
          `cpu + `                                              ; 1 ; 7  ; expected a metric, a number or '(', found end of query
          cpu $                                                 ; 1 ; 5  ; unexpected character '$'
          from now-2h to now                                    ; 1 ; 1  ; expected a metric, found keyword 'from'
          avg(cpu) from "2026-13-01"                            ; 1 ; 15 ; invalid time "2026-13-01"
          quantile(1.5, lat)                                    ; 1 ; 10 ; quantile must be between 0 and 1
          cpu | forecast                                        ; 1 ; 7  ; expected trend, anomalies or changepoints, found 'forecast'
          avg(cpu) last 7d 12                                   ; 1 ; 18 ; expected an operator, a clause (last, from, step, zone) or '|', found '12'
          avg(cpu) last 0s                                      ; 1 ; 15 ; duration must be positive
          cpu{1host="a"}                                        ; 1 ; 5  ; invalid duration '1host'
          compare release v1 to "v2" on lat                     ; 1 ; 17 ; expected a release name in quotes, found 'v1'
          avg(cpu) | changepoints magnitude 5                     ; 1 ; 36 ; expected '%', found end of query
          sum(from)                                             ; 1 ; 5  ; expected a metric, found 'from'
          avg(cpu) last ٥m                                      ; 1 ; 15 ; unexpected character '٥'
          avg(cpu) | changepoints pvalue ٥                      ; 1 ; 32 ; unexpected character '٥'
          """)
  void reportsTheOffendingPosition(String query, int line, int column, String reason) {
    QueryException e = catchThrowableOfType(QueryException.class, () -> Parser.parse(query));
    assertThat(e).as(query).isNotNull();
    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
    assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
    assertThat(e.reason()).startsWith(reason);
    assertThat(e.getMessage())
        .startsWith("cannot parse query: " + reason)
        .contains("[line=" + line + ", column=" + column + "]");
  }

  @org.junit.jupiter.api.Test
  void multiLineErrorsShowTheLineAndACaret() {
    String q = "avg(cpu)\n  | trend forecast x";
    QueryException e = catchThrowableOfType(QueryException.class, () -> Parser.parse(q));
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(20);
    assertThat(e.position()).isEqualTo(28);
    assertThat(e.sourceLine()).isEqualTo("  | trend forecast x");
    assertThat(e.caretLine()).isEqualTo(" ".repeat(19) + "^");
    assertThat(e.getMessage())
        .isEqualTo(
            "cannot parse query: expected the number of periods to forecast, found 'x'"
                + " [line=2, column=20]\n"
                + "  | trend forecast x\n"
                + "                   ^");
  }
}
