package dev.tidemark.agent.collect;

import java.util.List;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** The expensive probe: walks the process list (process and thread counts, own RSS). */
final class ProcessProbe {
  private final OperatingSystem os;

  ProcessProbe(SystemInfo si) {
    this.os = si.getOperatingSystem();
  }

  void probe(Emit out) {
    List<OSProcess> processes = os.getProcesses();
    long threads = 0;
    for (OSProcess p : processes) {
      threads += Math.max(0, p.getThreadCount());
    }
    out.value("host_processes", processes.size());
    out.value("host_threads", threads);
    OSProcess self = os.getProcess(os.getProcessId());
    if (self != null) {
      out.value("agent_process_resident_bytes", self.getResidentMemory());
    }
  }
}
