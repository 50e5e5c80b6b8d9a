package dev.tidemark.server.ingest.influx;

import java.util.regex.Pattern;

/**
 * Line-protocol field values and timestamps. The common forms (a plain decimal of at most 15
 * digits, an integer of at most 18) are read from the request's bytes exactly and without a string;
 * everything else ({@code 1.5e3}, {@code 1u}, booleans, long digit runs) takes {@link #parse},
 * which is InfluxDB's grammar with {@link Double#parseDouble}.
 */
final class LineNumbers {
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern UNSIGNED = Pattern.compile("\\d+");
  private static final double[] POW10 = new double[16];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private LineNumbers() {}

  static boolean isInteger(String text) {
    return INTEGER.matcher(text).matches();
  }

  /** {@code [+-]?digits[.digits]} of at most 15 digits, exactly; else NaN (the general path). */
  static double plain(byte[] b, int from, int to) {
    int i = from;
    boolean negative = b[i] == '-';
    if (negative || b[i] == '+') {
      i++;
    }
    if (b[to - 1] == 'i') {
      long v = to - 1 - i > 0 && to - 1 - i <= 18 ? integer(b, from, to - 1) : Long.MIN_VALUE;
      return v == Long.MIN_VALUE ? Double.NaN : (double) v;
    }
    long m = 0;
    int digits = 0;
    int fraction = -1;
    for (; i < to; i++) {
      byte c = b[i];
      if (c >= '0' && c <= '9') {
        if (++digits > 15) {
          return Double.NaN;
        }
        m = m * 10 + (c - '0');
        fraction += fraction >= 0 ? 1 : 0;
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Double.NaN;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    // both exact below 2^53 and 10^22, so the quotient is the correctly rounded decimal
    double v = fraction > 0 ? m / POW10[fraction] : m;
    return negative ? -v : v;
  }

  /** {@code [+-]?digits} of at most 18 digits; {@code Long.MIN_VALUE} for anything else. */
  static long integer(byte[] b, int from, int to) {
    int i = from;
    boolean negative = b[i] == '-';
    if (negative || b[i] == '+') {
      i++;
    }
    long v = 0;
    for (; i < to; i++) {
      byte c = b[i];
      if (c < '0' || c > '9') {
        return Long.MIN_VALUE;
      }
      v = v * 10 + (c - '0');
    }
    return negative ? -v : v;
  }

  /** The general path: booleans, integers, unsigned, any float; null when it is none. */
  static Double parse(String text) {
    switch (text) {
      case "t", "T", "true", "True", "TRUE" -> {
        return 1.0;
      }
      case "f", "F", "false", "False", "FALSE" -> {
        return 0.0;
      }
      default -> {
        // the switch falls through to the numeric forms below
      }
    }
    char last = text.charAt(text.length() - 1);
    String digits = text.substring(0, text.length() - 1);
    try {
      if (last == 'i' && INTEGER.matcher(digits).matches()) {
        return (double) Long.parseLong(digits);
      }
      if (last == 'u' && UNSIGNED.matcher(digits).matches()) {
        return unsigned(Long.parseUnsignedLong(digits));
      }
    } catch (NumberFormatException e) {
      return null; // out of the 64-bit range
    }
    return FLOAT.matcher(text).matches() ? Double.parseDouble(text) : null;
  }

  private static double unsigned(long bits) {
    double d = (double) (bits >>> 1) * 2.0;
    return d + (bits & 1);
  }
}
