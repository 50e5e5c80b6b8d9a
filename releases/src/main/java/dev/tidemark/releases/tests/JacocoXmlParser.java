package dev.tidemark.releases.tests;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import dev.tidemark.releases.artifact.SafeXml;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.helpers.DefaultHandler;

/** JaCoCo XML: the {@code LINE} and {@code BRANCH} counters that are children of {@code report}. */
public final class JacocoXmlParser {
  private JacocoXmlParser() {}

  public static Coverage parse(Artifact artifact) {
    Handler h = new Handler(artifact);
    SafeXml.parse(artifact, h);
    if (!h.sawReport) {
      throw new ArtifactException(artifact.name(), 1, "no <report> root element");
    }
    return new Coverage(h.lc, h.lm, h.bc, h.bm);
  }

  private static final class Handler extends DefaultHandler {
    private final Artifact artifact;
    private Locator locator;
    private int depth;
    private boolean sawReport;
    private long lc;
    private long lm;
    private long bc;
    private long bm;

    Handler(Artifact artifact) {
      this.artifact = artifact;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      depth++;
      if (depth == 1) {
        sawReport = qName.equals("report");
      }
      if (depth == 2 && qName.equals("counter")) {
        long missed = number(atts.getValue("missed"));
        long covered = number(atts.getValue("covered"));
        if ("LINE".equals(atts.getValue("type"))) {
          lm = missed;
          lc = covered;
        } else if ("BRANCH".equals(atts.getValue("type"))) {
          bm = missed;
          bc = covered;
        }
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      depth--;
    }

    private long number(String s) {
      try {
        long v = Long.parseLong(s == null ? "" : s);
        if (v < 0) {
          throw new NumberFormatException();
        }
        return v;
      } catch (NumberFormatException e) {
        throw SafeXml.invalid(artifact, locator, "counter with a bad number \"" + s + "\"");
      }
    }
  }
}
