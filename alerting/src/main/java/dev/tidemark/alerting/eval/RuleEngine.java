package dev.tidemark.alerting.eval;

import dev.tidemark.alerting.rules.RuleGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rule groups on their intervals. Each group is evaluated at aligned times ({@code k ×
 * interval + offset}, the offset fixed per group so groups spread out), one evaluation of a group
 * at a time; an evaluation that overruns skips the times it ran past and counts them as missed.
 * Groups run on a pool of their own threads, so a slow group never delays another (unless every
 * thread is held by slow groups). After each evaluation: samples go to the {@link SampleSink},
 * changed alert state to the {@link AlertStore}, due notifications to the {@link AlertSender}.
 */
public final class RuleEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);

  /** How the engine runs: resend pace, external labels for templates, threads, clock. */
  public record Settings(
      Duration resendDelay, Map<String, String> externalLabels, int threads, Clock clock) {
    public Settings {
      externalLabels = Map.copyOf(externalLabels);
    }
  }

  /** One group as the API shows it. */
  public record GroupView(GroupRunner runner, GroupStats stats) {}

  private final java.util.function.Function<RuleGroup, RuleQuerier> queriers;
  private final SampleSink sink;
  private final AlertStore store;
  private final AlertSender sender;
  private final Settings settings;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final Map<String, Slot> groups = new ConcurrentHashMap<>();
  private final AtomicLong sinkFailures = new AtomicLong();
  private final AtomicLong storeFailures = new AtomicLong();
  private final Map<String, List<Alert>> stored = new ConcurrentHashMap<>();
  private volatile boolean scheduling;

  private static final class Slot {
    final GroupRunner runner;
    final GroupStats stats = new GroupStats();
    final long offset;
    volatile ScheduledFuture<?> future;
    volatile boolean cancelled;
    boolean saveFailed;
    boolean deleted;

    Slot(GroupRunner runner) {
      this.runner = runner;
      long interval = runner.group().interval().toMillis();
      this.offset = Math.floorMod((long) runner.group().key().hashCode() * 2654435761L, interval);
    }
  }

  public RuleEngine(
      RuleQuerier querier,
      SampleSink sink,
      AlertStore store,
      AlertSender sender,
      Settings settings) {
    this(group -> querier, sink, store, sender, settings);
  }

  /** An engine whose groups may read from different places ({@code queriers} picks per group). */
  public RuleEngine(
      java.util.function.Function<RuleGroup, RuleQuerier> queriers,
      SampleSink sink,
      AlertStore store,
      AlertSender sender,
      Settings settings) {
    this.queriers = queriers;
    this.sink = sink;
    this.store = store;
    this.sender = sender;
    this.settings = settings;
    AtomicInteger n = new AtomicInteger();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tidemark-rules-timer"));
    this.workers =
        Executors.newFixedThreadPool(
            Math.max(1, settings.threads()),
            r -> daemon(r, "tidemark-rules-" + n.incrementAndGet()));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Loads stored alert state; groups added after this resume their alerts. Blocking. */
  public void loadState() throws Exception {
    stored.putAll(store.load());
    for (Slot s : groups.values()) {
      s.runner.restore(stored);
    }
  }

  /** Starts evaluating every group on its schedule. */
  public void startScheduling() {
    scheduling = true;
    for (Slot s : groups.values()) {
      schedule(s, nextAligned(s, settings.clock().millis()));
    }
  }

  /** Adds a group or replaces the one with the same key, keeping the state of unchanged rules. */
  public void put(RuleGroup group) {
    GroupRunner runner = new GroupRunner(group, settings.externalLabels());
    Slot slot = new Slot(runner);
    Slot old = groups.put(group.key(), slot);
    if (old != null) {
      cancel(old);
      synchronized (old) {
        runner.inherit(old.runner);
      }
    } else {
      runner.restore(stored);
    }
    if (scheduling) {
      schedule(slot, nextAligned(slot, settings.clock().millis()));
    }
  }

  /** Removes a group and forgets its stored state; false when there was none. */
  public boolean remove(String groupKey) {
    Slot old = groups.remove(groupKey);
    if (old == null) {
      return false;
    }
    cancel(old);
    stored.keySet().removeIf(k -> k.startsWith(groupKey + ";"));
    synchronized (old) { // an evaluation in progress stores its state first, then it is deleted
      old.deleted = true;
    }
    try {
      store.delete(groupKey);
    } catch (Exception e) {
      storeFailures.incrementAndGet();
      LOG.warn("cannot forget alert state: {} [group={}]", e.getMessage(), groupKey);
    }
    return true;
  }

  /** Every group, in file then name order. */
  public List<GroupView> groups() {
    List<GroupView> out = new ArrayList<>();
    for (Slot s : groups.values()) {
      out.add(new GroupView(s.runner, s.stats));
    }
    out.sort(
        Comparator.comparing((GroupView v) -> v.runner().group().file())
            .thenComparing(v -> v.runner().group().name()));
    return out;
  }

  public GroupView group(String key) {
    Slot s = groups.get(key);
    return s == null ? null : new GroupView(s.runner, s.stats);
  }

  /** Evaluates one group now at {@code ts}, on the calling thread (tests, benchmarks, the API). */
  public GroupRunner.Result evaluate(String groupKey, long ts) {
    Slot s = Objects.requireNonNull(groups.get(groupKey), "no group " + groupKey);
    return run(s, ts);
  }

  private GroupRunner.Result run(Slot s, long ts) {
    synchronized (s) {
      if (s.deleted) {
        throw new IllegalStateException(
            "cannot evaluate group: it was removed [group=" + s.runner.group().name() + "]");
      }
      long start = System.nanoTime();
      GroupRunner.Result r =
          s.runner.evaluate(
              ts, queriers.apply(s.runner.group()), settings.resendDelay().toMillis());
      s.stats.evaluations.incrementAndGet();
      s.stats.failures.addAndGet(r.failures());
      if (!r.samples().isEmpty()) {
        try {
          sink.write(r.samples());
        } catch (Exception e) {
          sinkFailures.incrementAndGet();
          LOG.warn(
              "cannot write rule results: {} [group={}, samples={}]",
              e.getMessage(),
              s.runner.group().name(),
              r.samples().size());
        }
      }
      if (!r.state().isEmpty() || s.saveFailed) {
        try {
          store.save(s.runner.group().key(), s.runner.state());
          s.saveFailed = false;
        } catch (Exception e) {
          s.saveFailed = true; // try again after the next evaluation
          storeFailures.incrementAndGet();
          LOG.warn(
              "cannot store alert state: {} [group={}]", e.getMessage(), s.runner.group().name());
        }
      }
      if (!r.toAlertmanager().isEmpty() || !r.toWebhooks().isEmpty()) {
        sender.send(s.runner.group(), r.toAlertmanager(), r.toWebhooks());
      }
      s.stats.lastEvaluation = ts;
      s.stats.lastSeconds = (System.nanoTime() - start) / 1e9;
      return r;
    }
  }

  private long nextAligned(Slot s, long now) {
    long interval = s.runner.group().interval().toMillis();
    long k = Math.floorDiv(now - s.offset, interval);
    return (k + 1) * interval + s.offset;
  }

  private void schedule(Slot s, long ts) {
    if (s.cancelled || timer.isShutdown()) {
      return;
    }
    long delay = Math.max(0, ts - settings.clock().millis());
    try {
      s.future =
          timer.schedule(
              () -> workers.execute(() -> scheduled(s, ts)), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void scheduled(Slot s, long ts) {
    if (s.cancelled) {
      return;
    }
    try {
      run(s, ts);
    } catch (RuntimeException e) {
      LOG.warn("cannot evaluate group: {} [group={}]", e.toString(), s.runner.group().name());
    }
    long interval = s.runner.group().interval().toMillis();
    long now = settings.clock().millis();
    long next = ts + interval;
    if (now >= next + interval) {
      long missed = (now - next) / interval;
      s.stats.missed.addAndGet(missed);
      next += missed * interval;
    }
    schedule(s, next);
  }

  private static void cancel(Slot s) {
    s.cancelled = true;
    ScheduledFuture<?> f = s.future;
    if (f != null) {
      f.cancel(false);
    }
  }

  /** Rule results that could not be written. */
  public long sinkFailures() {
    return sinkFailures.get();
  }

  /** Alert state that could not be stored. */
  public long storeFailures() {
    return storeFailures.get();
  }

  @Override
  public void close() {
    scheduling = false;
    for (Slot s : groups.values()) {
      cancel(s);
    }
    timer.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
