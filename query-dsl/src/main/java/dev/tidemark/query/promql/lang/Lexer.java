package dev.tidemark.query.promql.lang;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.lang.Token.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits PromQL text into tokens. A number immediately followed by a duration unit ({@code 5m},
 * {@code 1h30m}) is a {@link Type#DURATION}; {@code #} starts a comment to the end of the line.
 */
public final class Lexer {
  private final String src;
  private int pos;

  /** Open {@code [}: inside brackets {@code :} separates a subquery's range and step. */
  private int brackets;

  private Lexer(String src) {
    this.src = src;
  }

  public static List<Token> tokenize(String src) {
    return new Lexer(src).all();
  }

  private List<Token> all() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= src.length()) {
        out.add(new Token(Type.EOF, "", pos));
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
    if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(pos + 1))) {
      return number(start);
    }
    if (c == ':' && brackets > 0) {
      pos++;
      return new Token(Type.COLON, ":", start);
    }
    if (Character.isLetter(c) || c == '_' || c == ':') {
      while (pos < src.length() && isIdentPart(src.charAt(pos))) {
        pos++;
      }
      return new Token(Type.IDENT, src.substring(start, pos), start);
    }
    if (c == '"' || c == '\'' || c == '`') {
      return string(start, c);
    }
    pos++;
    switch (c) {
      case '(':
        return new Token(Type.LPAREN, "(", start);
      case ')':
        return new Token(Type.RPAREN, ")", start);
      case '{':
        return new Token(Type.LBRACE, "{", start);
      case '}':
        return new Token(Type.RBRACE, "}", start);
      case '[':
        brackets++;
        return new Token(Type.LBRACKET, "[", start);
      case ']':
        brackets = Math.max(0, brackets - 1);
        return new Token(Type.RBRACKET, "]", start);
      case ',':
        return new Token(Type.COMMA, ",", start);
      case '@':
        return new Token(Type.AT, "@", start);
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
      case '^':
        return new Token(Type.OP, String.valueOf(c), start);
      case '=':
        return op(start, "=", '=', "==", '~', "=~");
      case '!':
        if (pos < src.length() && (src.charAt(pos) == '=' || src.charAt(pos) == '~')) {
          pos++;
          return new Token(Type.OP, src.substring(start, pos), start);
        }
        throw PromQlException.parse("unexpected character \"!\"", start);
      case '<':
        return op(start, "<", '=', "<=", '\0', null);
      case '>':
        return op(start, ">", '=', ">=", '\0', null);
      default:
        throw PromQlException.parse("unexpected character \"" + c + "\"", start);
    }
  }

  private Token op(int start, String single, char a, String withA, char b, String withB) {
    if (pos < src.length() && src.charAt(pos) == a) {
      pos++;
      return new Token(Type.OP, withA, start);
    }
    if (withB != null && pos < src.length() && src.charAt(pos) == b) {
      pos++;
      return new Token(Type.OP, withB, start);
    }
    return new Token(Type.OP, single, start);
  }

  private Token number(int start) {
    if (src.startsWith("0x", pos) || src.startsWith("0X", pos)) {
      pos += 2;
      while (pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0) {
        pos++;
      }
      return new Token(Type.NUMBER, src.substring(start, pos), start);
    }
    digits();
    if (pos < src.length() && isUnit(pos)) {
      while (pos < src.length() && (isDigit(pos) || isUnit(pos))) {
        unitOrDigits();
      }
      return new Token(Type.DURATION, src.substring(start, pos), start);
    }
    if (pos < src.length() && src.charAt(pos) == '.') {
      pos++;
      digits();
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < src.length() && isDigit(pos)) {
        digits();
      } else {
        pos = save;
      }
    }
    if (pos < src.length() && isIdentPart(src.charAt(pos))) {
      throw PromQlException.parse("bad number or duration syntax", start);
    }
    return new Token(Type.NUMBER, src.substring(start, pos), start);
  }

  private void unitOrDigits() {
    if (isDigit(pos)) {
      digits();
    } else {
      pos += src.startsWith("ms", pos) ? 2 : 1;
    }
  }

  private void digits() {
    while (pos < src.length() && isDigit(pos)) {
      pos++;
    }
  }

  private boolean isDigit(int i) {
    return src.charAt(i) >= '0' && src.charAt(i) <= '9';
  }

  private boolean isUnit(int i) {
    return "smhdwy".indexOf(src.charAt(i)) >= 0;
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }

  private Token string(int start, char quote) {
    pos++;
    StringBuilder out = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos++);
      if (c == quote) {
        return new Token(Type.STRING, out.toString(), start);
      }
      if (c == '\\' && quote != '`') {
        if (pos >= src.length()) {
          break;
        }
        char e = src.charAt(pos++);
        switch (e) {
          case 'n':
            out.append('\n');
            break;
          case 't':
            out.append('\t');
            break;
          case 'r':
            out.append('\r');
            break;
          case '\\':
          case '"':
          case '\'':
          case '`':
            out.append(e);
            break;
          default:
            // Prometheus keeps unknown escapes in regexes (\d, \.), so keep them verbatim
            out.append('\\').append(e);
        }
      } else {
        out.append(c);
      }
    }
    throw PromQlException.parse("unterminated string", start);
  }
}
