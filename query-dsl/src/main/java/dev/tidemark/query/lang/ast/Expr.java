package dev.tidemark.query.lang.ast;

/** A series-valued or scalar-valued expression. {@code toString()} renders canonical source. */
public sealed interface Expr extends Node permits NumberLiteral, Selector, Call, Binary, Negate {}
