package dev.tidemark.agent.collect;

import java.util.List;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

/**
 * The disks and network interfaces OSHI lists, kept between probes and listed again at the slow
 * interval. Listing is the expensive part (on Linux a udev scan of every block device, ~2.5 ms, and
 * {@code NetworkInterface} enumeration, ~1.7 ms, on a 2-core VM); reading the counters of known
 * devices costs microseconds. A disk or interface that appears shows up within one slow interval.
 */
final class Devices {
  private final HardwareAbstractionLayer hal;
  private volatile List<HWDiskStore> disks;
  private volatile List<NetworkIF> interfaces;

  Devices(HardwareAbstractionLayer hal) {
    this.hal = hal;
    relist();
  }

  /** Lists the devices again; on the slow thread, so the host probe never waits for it. */
  void relist() {
    disks = List.copyOf(hal.getDiskStores());
    interfaces = List.copyOf(hal.getNetworkIFs(true));
  }

  List<HWDiskStore> disks() {
    return disks;
  }

  List<NetworkIF> interfaces() {
    return interfaces;
  }
}
