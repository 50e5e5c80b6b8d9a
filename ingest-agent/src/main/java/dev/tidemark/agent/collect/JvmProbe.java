package dev.tidemark.agent.collect;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The agent's own JVM: heap, non-heap, threads, GC counts and time, process CPU. The MXBeans are
 * looked up once: each {@code ManagementFactory} lookup streams over the platform components and
 * builds {@code ObjectName}s, which cost more than reading the values.
 */
final class JvmProbe {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final List<GarbageCollectorMXBean> collectors =
      List.copyOf(ManagementFactory.getGarbageCollectorMXBeans());
  private final com.sun.management.OperatingSystemMXBean os =
      ManagementFactory.getOperatingSystemMXBean()
              instanceof com.sun.management.OperatingSystemMXBean sun
          ? sun
          : null;

  void probe(Emit out) {
    out.value("agent_jvm_heap_used_bytes", memory.getHeapMemoryUsage().getUsed());
    out.value("agent_jvm_nonheap_used_bytes", memory.getNonHeapMemoryUsage().getUsed());
    out.value("agent_jvm_threads", threads.getThreadCount());
    long count = 0;
    long time = 0;
    for (GarbageCollectorMXBean gc : collectors) {
      count += Math.max(0, gc.getCollectionCount());
      time += Math.max(0, gc.getCollectionTime());
    }
    out.value("agent_jvm_gc_total", count);
    out.value("agent_jvm_gc_seconds_total", time / 1000.0);
    if (os != null) {
      out.value("agent_process_cpu_seconds_total", os.getProcessCpuTime() / 1e9);
    }
  }
}
