package dev.tidemark.releases.compare;

import dev.tidemark.releases.deps.License;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * The candidate's licences against a deny list ({@code releases.licenses.deny}): entries are SPDX
 * ids, case-insensitive, a trailing {@code *} matching any suffix ({@code AGPL-3.0*}). An SPDX
 * expression is denied when every choice of an {@code OR} is, and a choice is denied when any part
 * of its {@code AND} is: {@code (MIT OR GPL-3.0)} passes a deny list of {@code GPL-3.0}.
 */
public final class LicensePolicy {
  private LicensePolicy() {}

  /** {@code {"checked":n, "deny":[…], "denied":[{ecosystem,name,version,license}]}}. */
  public static JsonObject compute(List<License> licenses, List<String> deny) {
    JsonArray denied = new JsonArray();
    for (License l : licenses) {
      if (denied(l.license(), deny)) {
        denied.add(
            new JsonObject()
                .put("ecosystem", l.ecosystem())
                .put("name", l.name())
                .put("version", l.version())
                .put("license", l.license())
                .put("source", l.source()));
      }
    }
    return new JsonObject()
        .put("checked", licenses.size())
        .put("deny", new JsonArray(deny))
        .put("denied", denied);
  }

  static boolean denied(String expression, List<String> deny) {
    if (deny.isEmpty() || expression == null || expression.isBlank()) {
      return false;
    }
    String e = expression.replace("(", " ").replace(")", " ").strip();
    for (String choice : e.split("(?i)\\s+OR\\s+|\\s*/\\s*")) {
      boolean choiceDenied = false;
      for (String part : choice.split("(?i)\\s+AND\\s+")) {
        String id = part.strip().split("(?i)\\s+WITH\\s+")[0].strip();
        if (matches(id, deny)) {
          choiceDenied = true;
        }
      }
      if (!choiceDenied) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(String id, List<String> deny) {
    String lower = id.toLowerCase(Locale.ROOT);
    for (String d : deny) {
      String x = d.strip().toLowerCase(Locale.ROOT);
      if (x.endsWith("*") ? lower.startsWith(x.substring(0, x.length() - 1)) : lower.equals(x)) {
        return true;
      }
    }
    return false;
  }
}
