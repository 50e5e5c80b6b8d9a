package dev.tidemark.agent.collect;

import com.sun.jna.platform.linux.LibC;
import dev.tidemark.protocol.Labels;
import java.util.regex.Pattern;

/**
 * Size, free space and inodes of every mounted filesystem, as node_exporter's filesystem collector
 * names them ({@code node_filesystem_{size,free,avail}_bytes}, {@code node_filesystem_files},
 * {@code node_filesystem_files_free}, {@code node_filesystem_readonly}, labelled {@code device},
 * {@code fstype}, {@code mountpoint}), from {@code /proc/self/mounts} and {@code statvfs(3)}; the
 * pseudo filesystems and mount points node_exporter leaves out by default are left out here too. A
 * mount that statvfs cannot read (gone, permission) is skipped for that run.
 */
final class NodeFilesystems {
  static final Pattern FSTYPE_EXCLUDE =
      Pattern.compile(
          "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs"
              + "|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs"
              + "|squashfs|erofs|sysfs|tracefs)$");
  static final Pattern MOUNT_EXCLUDE =
      Pattern.compile(
          "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");
  private static final long ST_RDONLY = 1;

  private final LibC.Statvfs buf = new LibC.Statvfs();

  void emit(String mounts, Series series, Emit out) {
    for (String line : mounts.split("\n")) {
      String[] f = ProcCounters.fields(line);
      if (f.length < 3) {
        continue;
      }
      String mountpoint = unescape(f[1]);
      if (FSTYPE_EXCLUDE.matcher(f[2]).matches() || MOUNT_EXCLUDE.matcher(mountpoint).find()) {
        continue;
      }
      if (LibC.INSTANCE.statvfs(mountpoint, buf) != 0) {
        continue;
      }
      double frsize = buf.f_frsize.longValue();
      Labels l = labels(series, f[0], f[2], mountpoint);
      out.value("node_filesystem_size_bytes", l, buf.f_blocks.longValue() * frsize);
      out.value("node_filesystem_free_bytes", l, buf.f_bfree.longValue() * frsize);
      out.value("node_filesystem_avail_bytes", l, buf.f_bavail.longValue() * frsize);
      out.value("node_filesystem_files", l, buf.f_files.longValue());
      out.value("node_filesystem_files_free", l, buf.f_ffree.longValue());
      out.value("node_filesystem_readonly", l, (buf.f_flag.longValue() & ST_RDONLY) != 0 ? 1 : 0);
    }
  }

  private static Labels labels(Series series, String device, String fstype, String mountpoint) {
    return series.of("device", device, "fstype", fstype, "mountpoint", mountpoint);
  }

  /** The kernel writes a space in a mount point as {@code \040}, a tab {@code \011}, … */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int at) {
    if (at + 3 > s.length()) {
      return false;
    }
    for (int i = at; i < at + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
