package dev.tidemark.releases.deps;

import java.util.ArrayList;
import java.util.List;

/**
 * A lenient semantic version: up to three leading numbers ({@code v1.2.3}, {@code 4.17.21}, {@code
 * 2.0.0.Final}, Go pseudo-versions) and a qualifier. A qualifier sorts before the plain release
 * ({@code 1.0.0-rc1 < 1.0.0}), as in SemVer.
 */
public record Version(String text, long major, long minor, long patch, String qualifier)
    implements Comparable<Version> {

  /** Null when the text has no leading number (a range like {@code ^1.2}, a URL). */
  public static Version parse(String text) {
    String t = text.strip();
    if (t.startsWith("v") || t.startsWith("V")) {
      t = t.substring(1);
    }
    List<Long> numbers = new ArrayList<>();
    int i = 0;
    while (numbers.size() < 3 && i < t.length() && Character.isDigit(t.charAt(i))) {
      int start = i;
      while (i < t.length() && Character.isDigit(t.charAt(i))) {
        i++;
      }
      if (i - start > 18) {
        return null;
      }
      numbers.add(Long.parseLong(t.substring(start, i)));
      if (i < t.length()
          && t.charAt(i) == '.'
          && i + 1 < t.length()
          && Character.isDigit(t.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (numbers.isEmpty()) {
      return null;
    }
    while (numbers.size() < 3) {
      numbers.add(0L);
    }
    String rest = t.substring(i).replaceFirst("^[.\\-+]", "");
    return new Version(text, numbers.get(0), numbers.get(1), numbers.get(2), rest);
  }

  @Override
  public int compareTo(Version o) {
    int c = Long.compare(major, o.major);
    if (c == 0) {
      c = Long.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, o.patch);
    }
    if (c == 0 && !qualifier.equals(o.qualifier)) {
      if (qualifier.isEmpty() || o.qualifier.isEmpty()) {
        return qualifier.isEmpty() ? 1 : -1;
      }
      c = qualifier.compareTo(o.qualifier);
    }
    return c;
  }

  /**
   * {@code major}, {@code minor}, {@code patch}, {@code other} (qualifier only) or {@code none}.
   */
  public static String level(Version a, Version b) {
    if (a.major != b.major) {
      return "major";
    }
    if (a.minor != b.minor) {
      return "minor";
    }
    if (a.patch != b.patch) {
      return "patch";
    }
    return a.qualifier.equals(b.qualifier) ? "none" : "other";
  }
}
