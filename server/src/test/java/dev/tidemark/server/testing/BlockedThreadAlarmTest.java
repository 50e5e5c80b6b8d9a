package dev.tidemark.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The alarm hears a real blocked event loop (and is drained here, so this class passes). */
class BlockedThreadAlarmTest {

  @Test
  void aBlockedEventLoopIsHeard() throws Exception {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setMaxEventLoopExecuteTime(50)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(20)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    try {
      vertx
          .getOrCreateContext()
          .runOnContext(
              v -> {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
                while (System.nanoTime() < until) {
                  Thread.onSpinWait(); // what a parser stuck on hostile input does
                }
              });
      List<String> heard = List.of();
      for (int i = 0; i < 100 && heard.isEmpty(); i++) {
        Thread.sleep(20);
        heard = BlockedThreadAlarm.drain();
      }
      assertThat(heard).anySatisfy(w -> assertThat(w).contains("has been blocked"));
    } finally {
      vertx.close().await();
      BlockedThreadAlarm.drain();
    }
  }
}
