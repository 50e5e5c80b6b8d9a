package dev.tidemark.agent.collect;

import dev.tidemark.agent.spool.Spool;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Runs the probes on threads of their own (cheap ones at {@code interval}; the process list and the
 * listing of disks and network interfaces at {@code slowInterval}), appending to the spool. A slow
 * probe delays only its own next run, never shipping or the other probes.
 */
public final class Collectors implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Collectors.class);

  private final Spool spool;
  private final Map<String, String> labels;
  private final ScheduledExecutorService fast =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "tidemark-collect"));
  private final ScheduledExecutorService slow =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "tidemark-collect-slow"));

  /** The host probe's open /proc files (null where there are none), closed with the collectors. */
  private volatile ProcCounters proc;

  /** The Linux probes' open files (null elsewhere), closed with the collectors. */
  private volatile NodeProbe node;

  private volatile java.util.List<TargetProbe> targets = java.util.List.of();

  private Collectors(Spool spool, Map<String, String> labels) {
    this.spool = spool;
    this.labels = Map.copyOf(labels);
  }

  public static Collectors start(
      Spool spool, Map<String, String> labels, Duration interval, Duration slowInterval) {
    return start(spool, labels, interval, slowInterval, ProcessTarget.NONE);
  }

  /**
   * On Linux the node_exporter-shaped probes ({@link NodeProbe}), the agent's own process and the
   * process under test; elsewhere the OSHI probes.
   */
  public static Collectors start(
      Spool spool,
      Map<String, String> labels,
      Duration interval,
      Duration slowInterval,
      ProcessTarget target) {
    Collectors c = new Collectors(spool, labels);
    NodeProbe node = NodeProbe.open(labels);
    if (node != null) {
      c.node = node;
      c.startLinux(node, interval, slowInterval, target);
      return c;
    }
    SystemInfo si = new SystemInfo();
    c.fast.execute(() -> c.startFast(si.getHardware(), interval, slowInterval));
    ProcessProbe processes = new ProcessProbe(si);
    c.slow.scheduleWithFixedDelay(
        () -> c.run("process", processes::probe),
        0,
        slowInterval.toMillis(),
        TimeUnit.MILLISECONDS);
    return c;
  }

  private void startLinux(
      NodeProbe node, Duration interval, Duration slowInterval, ProcessTarget target) {
    Series series = new Series(labels);
    JvmProbe jvm = new JvmProbe();
    TargetProbe self = new TargetProbe(ProcessFinder.self(), "tidemark-agent", series);
    TargetProbe under =
        target.configured()
            ? new TargetProbe(
                new ProcessFinder(target.pidFile(), target.name(), target.port()),
                target.label(),
                series)
            : null;
    targets = under == null ? java.util.List.of(self) : java.util.List.of(self, under);
    long ms = interval.toMillis();
    fast.scheduleAtFixedRate(
        () -> {
          run("node", node::probe);
          run("jvm", jvm::probe);
          for (TargetProbe t : targets) {
            run("process", t::probe);
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
    slow.scheduleWithFixedDelay(
        () -> {
          for (TargetProbe t : targets) {
            t.relist();
          }
        },
        0,
        slowInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void startFast(HardwareAbstractionLayer hal, Duration interval, Duration slowInterval) {
    Devices devices = new Devices(hal);
    proc = ProcCounters.open();
    HostProbe host = new HostProbe(hal.getProcessor(), hal.getMemory(), devices, proc);
    JvmProbe jvm = new JvmProbe();
    fast.scheduleAtFixedRate(
        () -> {
          run("host", host::probe);
          run("jvm", jvm::probe);
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    long slowMs = slowInterval.toMillis();
    slow.scheduleWithFixedDelay(() -> relist(devices), slowMs, slowMs, TimeUnit.MILLISECONDS);
  }

  private static void relist(Devices devices) {
    try {
      devices.relist();
    } catch (RuntimeException e) {
      LOG.warn("cannot list disks and network interfaces: {}", e.toString());
    }
  }

  private void run(String name, java.util.function.Consumer<Emit> probe) {
    Emit out = new Emit(spool, labels, System.currentTimeMillis());
    try {
      probe.accept(out);
    } catch (RuntimeException e) {
      LOG.warn("cannot probe {}: {}", name, e.toString());
    } finally {
      out.flush(); // what the probe gathered before it failed is kept, as it was
    }
  }

  /** Runs every probe once on the calling thread: for tests and {@code tidemark-agent probe}. */
  public static int probeOnce(Spool spool, Map<String, String> labels) {
    Emit out = new Emit(spool, Map.copyOf(labels), System.currentTimeMillis());
    try (NodeProbe node = NodeProbe.open(labels)) {
      if (node != null) {
        node.probe(out);
        new JvmProbe().probe(out);
        try (TargetProbe self =
            new TargetProbe(ProcessFinder.self(), "tidemark-agent", new Series(labels))) {
          self.relist();
          self.probe(out);
        }
        out.flush();
        return out.count();
      }
    }
    SystemInfo si = new SystemInfo();
    HardwareAbstractionLayer hal = si.getHardware();
    try (ProcCounters proc = ProcCounters.open()) {
      new HostProbe(hal.getProcessor(), hal.getMemory(), new Devices(hal), proc).probe(out);
    }
    new JvmProbe().probe(out);
    new ProcessProbe(si).probe(out);
    out.flush();
    return out.count();
  }

  @Override
  public void close() {
    fast.shutdownNow();
    slow.shutdownNow();
    try {
      boolean fastDone = fast.awaitTermination(5, TimeUnit.SECONDS);
      boolean slowDone = slow.awaitTermination(5, TimeUnit.SECONDS);
      if (fastDone && proc != null) {
        proc.close();
      }
      if (fastDone && node != null) {
        node.close();
      }
      if (fastDone && slowDone) {
        targets.forEach(TargetProbe::close);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
