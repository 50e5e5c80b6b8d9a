package dev.tidemark.query.lang;

/** Kinds of tokens. Keywords are identifiers the parser recognises by position. */
public enum TokenType {
  IDENT("identifier"),
  STRING("string"),
  NUMBER("number"),
  DURATION("duration"),
  LPAREN("'('"),
  RPAREN("')'"),
  LBRACE("'{'"),
  RBRACE("'}'"),
  COMMA("','"),
  EQ("'='"),
  NE("'!='"),
  RE("'=~'"),
  NRE("'!~'"),
  PLUS("'+'"),
  MINUS("'-'"),
  STAR("'*'"),
  SLASH("'/'"),
  PIPE("'|'"),
  PERCENT("'%'"),
  EOF("end of query");

  private final String description;

  TokenType(String description) {
    this.description = description;
  }

  /** How error messages name this kind of token. */
  public String description() {
    return description;
  }
}
