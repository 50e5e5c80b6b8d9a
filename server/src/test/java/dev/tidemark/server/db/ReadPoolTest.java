package dev.tidemark.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Queries have their own connections and threads: a busy write pool does not hold them up. */
class ReadPoolTest {

  @Test
  void aQueryRunsWhileEveryWriteConnectionIsTaken() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Database db = Database.connect(TestDatabase.freshPostgres(), null, null, 1, 4, "auto")) {
      CountDownLatch taken = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread writer =
          new Thread(
              () -> {
                try {
                  db.inTransaction(
                      c -> {
                        taken.countDown();
                        try {
                          release.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return null;
                      });
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      writer.start();
      assertThat(taken.await(30, TimeUnit.SECONDS)).isTrue();
      Integer answer =
          db.call(
                  vertx.getOrCreateContext(),
                  c -> {
                    try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT 42")) {
                      rs.next();
                      return rs.getInt(1);
                    }
                  })
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertThat(answer).isEqualTo(42);
      release.countDown();
      writer.join();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
