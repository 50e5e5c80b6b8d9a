package dev.tidemark.query.lang.ast;

/** Every syntax node knows the source offset of its first character. */
public interface Node {
  int pos();
}
