package dev.tidemark.query.source;

/** How a label matcher compares: equality or a fully anchored regular expression. */
public enum MatchOp {
  EQ("="),
  NE("!="),
  RE("=~"),
  NRE("!~");

  private final String symbol;

  MatchOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
