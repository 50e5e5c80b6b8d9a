package dev.tidemark.query.promql.ast;

/** The PromQL type of an expression, named as Prometheus names it in errors and responses. */
public enum ValueType {
  SCALAR("scalar", "scalar"),
  VECTOR("instant vector", "vector"),
  MATRIX("range vector", "matrix"),
  STRING("string", "string");

  private final String documented;
  private final String resultType;

  ValueType(String documented, String resultType) {
    this.documented = documented;
    this.resultType = resultType;
  }

  /** The name in error messages ("instant vector"). */
  public String documented() {
    return documented;
  }

  /** The {@code resultType} of the HTTP API ("vector"). */
  public String resultType() {
    return resultType;
  }
}
