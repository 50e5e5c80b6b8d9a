package dev.tidemark.releases.tests;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import dev.tidemark.releases.artifact.SafeXml;
import java.util.ArrayList;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.helpers.DefaultHandler;

/**
 * JUnit XML (Surefire, Gradle, pytest, go-junit-report): every {@code testcase} with its {@code
 * failure}, {@code error}, {@code skipped}, or Surefire's rerun elements ({@code flakyFailure},
 * {@code flakyError}, {@code rerunFailure}, {@code rerunError}).
 */
public final class JUnitXmlParser {
  private JUnitXmlParser() {}

  public static List<TestOutcome> parse(Artifact artifact) {
    Handler h = new Handler(artifact);
    SafeXml.parse(artifact, h);
    if (!h.sawSuite) {
      throw new ArtifactException(artifact.name(), 1, "no <testsuite> or <testsuites> element");
    }
    return h.out;
  }

  private static final class Handler extends DefaultHandler {
    private final Artifact artifact;
    private final List<TestOutcome> out = new ArrayList<>();
    private Locator locator;
    private String id;
    private boolean failed;
    private boolean skipped;
    private boolean flaky;
    private boolean sawSuite;

    Handler(Artifact artifact) {
      this.artifact = artifact;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      switch (qName) {
        case "testsuite", "testsuites" -> sawSuite = true;
        case "testcase" -> {
          String name = atts.getValue("name");
          if (name == null) {
            throw SafeXml.invalid(artifact, locator, "testcase without a name attribute");
          }
          String cls = atts.getValue("classname");
          id = (cls == null ? "" : cls + "#") + name;
          failed = false;
          skipped = false;
          flaky = false;
        }
        case "failure", "error" -> failed = id != null;
        case "skipped" -> skipped = id != null;
        case "flakyFailure", "flakyError" -> flaky = id != null;
        case "rerunFailure", "rerunError" -> failed = id != null;
        default -> {}
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      if (qName.equals("testcase") && id != null) {
        String status = failed ? "failed" : skipped ? "skipped" : flaky ? "flaky" : "passed";
        out.add(new TestOutcome(id, status));
        id = null;
      }
    }
  }
}
