package dev.tidemark.traces.search;

/** Go-style durations as Tempo and Grafana write them: {@code 1.5s}, {@code 100ms}, {@code 2m}. */
final class Durations {
  private Durations() {}

  /** Nanoseconds, or -1 when {@code text} is not a duration. */
  static long nanos(String text) {
    String t = text.trim();
    String[][] units = {
      {"ns", "1"},
      {"us", "1000"},
      {"µs", "1000"},
      {"ms", "1000000"},
      {"s", "1000000000"},
      {"m", "60000000000"},
      {"h", "3600000000000"}
    };
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        String number = t.substring(0, t.length() - u[0].length());
        if (u[0].equals("s")
            && (number.endsWith("m")
                || number.endsWith("n")
                || number.endsWith("u")
                || number.endsWith("µ"))) {
          continue;
        }
        if (u[0].equals("m") && number.isEmpty()) {
          return -1;
        }
        try {
          double v = Double.parseDouble(number);
          if (v < 0 || Double.isNaN(v)) {
            return -1;
          }
          return (long) (v * Long.parseLong(u[1]));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
