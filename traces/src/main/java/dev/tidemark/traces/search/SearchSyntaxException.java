package dev.tidemark.traces.search;

/** A search that cannot be read (400), with the position of the offending character. */
public final class SearchSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int position;

  public SearchSyntaxException(String message, int position) {
    super(message + " [position=" + position + "]", null, false, false);
    this.position = position;
  }

  public int position() {
    return position;
  }
}
