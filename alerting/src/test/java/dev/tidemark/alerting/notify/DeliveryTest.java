package dev.tidemark.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTest {
  final List<Long> waits = new ArrayList<>();
  final Delivery.Sleeper recordWaits = waits::add;

  @Test
  void retriesServerErrorsWithDoublingBackoffThenDelivers() throws Exception {
    try (Receiver r = new Receiver(503, 500, 200);
        Delivery d = delivery(Target.Kind.WEBHOOK, r.url("/hook"))) {
      assertThat(d.offer("{}".getBytes(StandardCharsets.UTF_8), 2)).isTrue();
      await(() -> d.sent() == 2);
      assertThat(r.calls()).isEqualTo(3);
      assertThat(d.failedAttempts()).isEqualTo(2);
      assertThat(waits).containsExactly(500L, 1000L);
      assertThat(d.dropped()).isZero();
    }
  }

  @Test
  void aRefusedBodyIsNotRetriedAndExhaustedRetriesAreDropped() throws Exception {
    try (Receiver r = new Receiver(400, 500, 500, 500, 500, 500);
        Delivery d = delivery(Target.Kind.WEBHOOK, r.url("/hook"))) {
      d.offer(new byte[0], 1);
      await(() -> d.dropped() == 1);
      assertThat(r.calls()).isEqualTo(1);
      d.offer(new byte[0], 3);
      await(() -> d.dropped() == 4);
      assertThat(r.calls()).isEqualTo(1 + 5);
      assertThat(d.sent()).isZero();
    }
  }

  @Test
  void unreachableTargetsCountFailures() throws Exception {
    Receiver closed = new Receiver();
    String url = closed.url("/x");
    closed.close();
    try (Delivery d = delivery(Target.Kind.WEBHOOK, url)) {
      d.offer(new byte[0], 1);
      await(() -> d.dropped() == 1);
      assertThat(d.failedAttempts()).isEqualTo(5);
    }
  }

  @Test
  void credentialsBecomeAHeaderAndNeverShowInTheRedactedName() throws Exception {
    try (Receiver r = new Receiver()) {
      String url =
          r.url("/services/T000/B000/s3cr3t?token=abc").replace("http://", "http://bob:hunter2@");
      Target t = Target.of(Target.Kind.SLACK, url);
      assertThat(t.redacted()).doesNotContain("hunter2", "s3cr3t", "abc", "bob");
      assertThat(t.toString()).doesNotContain("hunter2", "s3cr3t");
      try (Delivery d =
          new Delivery(
              t, HttpTransport.jdk(Duration.ofSeconds(5)), Backoff.DEFAULT, 10, recordWaits)) {
        d.offer("{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8), 1);
        await(() -> d.sent() == 1);
      }
      assertThat(r.authorizations).containsExactly("Basic Ym9iOmh1bnRlcjI=");
      assertThat(r.paths).containsExactly("/services/T000/B000/s3cr3t?token=abc");
      Target am = Target.of(Target.Kind.ALERTMANAGER, r.url("/am/"));
      assertThat(am.uri().getPath()).isEqualTo("/am/api/v2/alerts");
    }
  }

  @Test
  void aFullQueueDropsInsteadOfGrowing() throws Exception {
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    HttpTransport blocked =
        (uri, headers, body) -> {
          entered.countDown();
          try {
            hold.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 200;
        };
    try (Delivery d =
        new Delivery(
            Target.of(Target.Kind.WEBHOOK, "http://127.0.0.1:9/"),
            blocked,
            Backoff.DEFAULT,
            2,
            recordWaits)) {
      d.offer(new byte[0], 1); // taken by the sender thread, which blocks
      entered.await();
      assertThat(d.offer(new byte[0], 1)).isTrue();
      assertThat(d.offer(new byte[0], 1)).isTrue();
      assertThat(d.offer(new byte[0], 5)).isFalse();
      assertThat(d.dropped()).isEqualTo(5);
      hold.countDown();
      await(() -> d.sent() == 3);
    }
  }

  @Test
  void failureMessagesLoseTheUrlsSecrets() {
    String url = "https://hooks.example:8443/services/T0/B0/s3cr3t?token=abc";
    try (Delivery d = delivery(Target.Kind.SLACK, url)) {
      assertThat(d.scrub("cannot connect to " + url + " (refused)"))
          .isEqualTo(": cannot connect to https://hooks.example:8443 (refused)");
      assertThat(d.scrub("bad path /services/T0/B0/s3cr3t and query token=abc"))
          .doesNotContain("s3cr3t", "abc");
    }
    try (Delivery d = delivery(Target.Kind.WEBHOOK, "http://127.0.0.1:9")) {
      assertThat(d.scrub("Connection refused")).isEqualTo(": Connection refused");
    }
  }

  private Delivery delivery(Target.Kind kind, String url) {
    return new Delivery(
        Target.of(kind, url),
        HttpTransport.jdk(Duration.ofSeconds(5)),
        Backoff.DEFAULT,
        100,
        recordWaits);
  }

  static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(10);
    }
  }
}
