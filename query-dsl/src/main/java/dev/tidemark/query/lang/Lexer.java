package dev.tidemark.query.lang;

import dev.tidemark.query.time.DurationText;
import java.util.ArrayList;
import java.util.List;

/** Splits query text into tokens; {@code #} starts a comment that runs to the end of the line. */
public final class Lexer {

  private final String src;
  private int pos;

  private Lexer(String src) {
    this.src = src;
  }

  /** All tokens of {@code source}, ending with {@link TokenType#EOF}. */
  public static List<Token> tokenize(String source) {
    return new Lexer(source).run();
  }

  private List<Token> run() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= src.length()) {
        out.add(new Token(TokenType.EOF, "", src.length(), src.length()));
        return out;
      }
      out.add(next());
    }
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private Token next() {
    int start = pos;
    char c = src.charAt(pos);
    if (isAsciiDigit(c) || (c == '.' && pos + 1 < src.length() && isDigitAt(pos + 1))) {
      return number(start);
    }
    if (Character.isLetter(c) || c == '_') {
      while (pos < src.length() && isIdentPart(src.charAt(pos))) {
        pos++;
      }
      return new Token(TokenType.IDENT, src.substring(start, pos), start, pos);
    }
    if (c == '"' || c == '\'') {
      return string(start, c);
    }
    pos++;
    switch (c) {
      case '(':
        return token(TokenType.LPAREN, start);
      case ')':
        return token(TokenType.RPAREN, start);
      case '{':
        return token(TokenType.LBRACE, start);
      case '}':
        return token(TokenType.RBRACE, start);
      case ',':
        return token(TokenType.COMMA, start);
      case '+':
        return token(TokenType.PLUS, start);
      case '-':
        return token(TokenType.MINUS, start);
      case '*':
        return token(TokenType.STAR, start);
      case '/':
        return token(TokenType.SLASH, start);
      case '|':
        return token(TokenType.PIPE, start);
      case '%':
        return token(TokenType.PERCENT, start);
      case '=':
        return token(accept('~') ? TokenType.RE : TokenType.EQ, start);
      case '!':
        if (accept('=')) {
          return token(TokenType.NE, start);
        }
        if (accept('~')) {
          return token(TokenType.NRE, start);
        }
        throw QueryException.parse(src, start, "expected '!=' or '!~' after '!'");
      default:
        throw QueryException.parse(
            src, start, "unexpected character '" + new String(Character.toChars(cp(start))) + "'");
    }
  }

  private int cp(int at) {
    return src.codePointAt(at);
  }

  private boolean accept(char c) {
    if (pos < src.length() && src.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private Token token(TokenType type, int start) {
    return new Token(type, src.substring(start, pos), start, pos);
  }

  private boolean isDigitAt(int at) {
    return at < src.length() && isAsciiDigit(src.charAt(at));
  }

  /** Only 0-9: other scripts' digits are not numbers here (Double.parseDouble refuses them). */
  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '.';
  }

  private Token number(int start) {
    while (isDigitAt(pos)) {
      pos++;
    }
    if (pos < src.length() && Character.isLetter(src.charAt(pos))) {
      boolean exponent =
          (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')
              && (isDigitAt(pos + 1)
                  || ((pos + 1 < src.length()
                          && (src.charAt(pos + 1) == '+' || src.charAt(pos + 1) == '-'))
                      && isDigitAt(pos + 2)));
      if (!exponent) {
        return duration(start);
      }
    }
    if (pos < src.length() && src.charAt(pos) == '.') {
      pos++;
      while (isDigitAt(pos)) {
        pos++;
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      if (!isDigitAt(pos)) {
        pos = save;
      }
      while (isDigitAt(pos)) {
        pos++;
      }
    }
    if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
      throw QueryException.parse(src, pos, "unexpected letter after number");
    }
    return new Token(TokenType.NUMBER, src.substring(start, pos), start, pos);
  }

  private Token duration(int start) {
    while (pos < src.length() && Character.isLetterOrDigit(src.charAt(pos))) {
      pos++;
    }
    String text = src.substring(start, pos);
    if (DurationText.parse(text).isEmpty()) {
      throw QueryException.parse(
          src, start, "invalid duration '" + text + "' (units are ms, s, m, h, d, w)");
    }
    return new Token(TokenType.DURATION, text, start, pos);
  }

  private Token string(int start, char quote) {
    pos++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw QueryException.parse(src, start, "unterminated string");
      }
      char c = src.charAt(pos++);
      if (c == quote) {
        return new Token(TokenType.STRING, value.toString(), start, pos);
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
      if (pos >= src.length()) {
        throw QueryException.parse(src, start, "unterminated string");
      }
      char e = src.charAt(pos++);
      switch (e) {
        case 'n':
          value.append('\n');
          break;
        case 't':
          value.append('\t');
          break;
        case '\\':
        case '"':
        case '\'':
          value.append(e);
          break;
        default:
          // Keep unknown escapes verbatim so regexes like "\d+" read naturally.
          value.append('\\').append(e);
      }
    }
  }
}
