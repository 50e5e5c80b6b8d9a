package dev.tidemark.server.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the suite on Vert.x's "has been blocked" warnings: a blocked event loop is a bug
 * (STYLE.md), not noise. The appender half is attached to Vert.x's checker in {@code
 * logback-test.xml}; the extension half is registered for every test class (service file and {@code
 * junit-platform.properties}) and fails the class during which a warning arrived.
 */
public final class BlockedThreadAlarm extends AppenderBase<ILoggingEvent>
    implements BeforeAllCallback, AfterAllCallback {
  private static final ConcurrentLinkedQueue<String> WARNINGS = new ConcurrentLinkedQueue<>();

  @Override
  protected void append(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (message != null && message.contains("has been blocked")) {
      WARNINGS.add("[" + event.getThreadName() + "] " + message);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    WARNINGS.clear(); // a warning belongs to the class it happened in
  }

  /** The warnings seen since the last call. */
  static List<String> drain() {
    List<String> seen = new ArrayList<>();
    for (String w; (w = WARNINGS.poll()) != null; ) {
      seen.add(w);
    }
    return seen;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    List<String> seen = drain();
    if (!seen.isEmpty()) {
      throw new AssertionError(
          "Vert.x blocked a thread during "
              + context.getDisplayName()
              + " (work on an event loop?): "
              + String.join("; ", seen));
    }
  }
}
