package dev.tidemark.server.deploy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker Compose's variable interpolation, for the forms docker-compose.yml uses: {@code ${NAME}},
 * {@code ${NAME:-default}}, {@code ${NAME:?message}} (refused while unset or empty) and {@code $$}.
 */
final class ComposeInterpolation {
  static final Pattern VARIABLE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z0-9_]+)(?:(:?[-?])([^}]*))?}");

  private ComposeInterpolation() {}

  /** Thrown where compose would refuse to start; carries compose's message. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  static String apply(String text, Map<String, String> env) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = env.get(m.group(1));
        boolean missing =
            value == null || (value.isEmpty() && m.group(2) != null && m.group(2).startsWith(":"));
        if (m.group(2) == null) {
          replacement = value == null ? "" : value;
        } else if (m.group(2).endsWith("?")) {
          if (missing) {
            throw new Refused(
                "required variable " + m.group(1) + " is missing a value: " + m.group(3));
          }
          replacement = value;
        } else {
          replacement = missing ? m.group(3) : value;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
