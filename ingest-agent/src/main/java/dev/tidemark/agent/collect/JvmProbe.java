package dev.tidemark.agent.collect;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The agent's own JVM: heap, non-heap, threads, GC counts and time, process CPU. */
final class JvmProbe {
  void probe(Emit out) {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    out.value("agent_jvm_heap_used_bytes", mem.getHeapMemoryUsage().getUsed());
    out.value("agent_jvm_nonheap_used_bytes", mem.getNonHeapMemoryUsage().getUsed());
    out.value("agent_jvm_threads", ManagementFactory.getThreadMXBean().getThreadCount());
    long count = 0;
    long time = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      time += Math.max(0, gc.getCollectionTime());
    }
    out.value("agent_jvm_gc_total", count);
    out.value("agent_jvm_gc_seconds_total", time / 1000.0);
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      out.value("agent_process_cpu_seconds_total", os.getProcessCpuTime() / 1e9);
    }
  }
}
