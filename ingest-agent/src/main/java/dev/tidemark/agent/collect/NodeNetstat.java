package dev.tidemark.agent.collect;

import java.util.regex.Pattern;

/**
 * Protocol counters and socket use as node_exporter's netstat and sockstat collectors name them:
 * {@code node_netstat_<Proto>_<Field>} from {@code /proc/net/netstat}, {@code /proc/net/snmp} (a
 * line of names, then a line of values, per protocol) and {@code /proc/net/snmp6} (name, value per
 * line), limited to node_exporter's default fields (TCP retransmits and timeouts, listen drops,
 * segments, errors, UDP buffer errors, …); and {@code node_sockstat_<PROTO>_<field>} from {@code
 * /proc/net/sockstat{,6}}, with {@code _mem_bytes} for the page counts.
 */
final class NodeNetstat {
  /** node_exporter's default {@code --collector.netstat.fields}. */
  static final Pattern FIELDS =
      Pattern.compile(
          "^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)"
              + "|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts|TCPOFOQueue)"
              + "|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)"
              + "|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$");

  private static final double PAGE = 4096;
  private static final String[] SNMP6_PROTOCOLS = {"UdpLite6", "Icmp6", "Udp6", "Ip6"};

  private final java.util.Map<String, Boolean> wanted = new java.util.HashMap<>();

  /** Pairs of lines: {@code Proto: name name …} then {@code Proto: value value …}. */
  void pairs(String text, Series series, Emit out) {
    String[] lines = text.split("\n");
    for (int i = 0; i + 1 < lines.length; i += 2) {
      String[] names = ProcCounters.fields(lines[i]);
      String[] values = ProcCounters.fields(lines[i + 1]);
      if (names.length == 0 || names.length != values.length || !names[0].equals(values[0])) {
        continue;
      }
      String proto = names[0].substring(0, names[0].length() - 1);
      for (int k = 1; k < names.length; k++) {
        emit(proto + "_" + names[k], values[k], series, out);
      }
    }
  }

  /** {@code Ip6InOctets 123} per line. */
  void snmp6(String text, Series series, Emit out) {
    for (String line : text.split("\n")) {
      String[] f = ProcCounters.fields(line);
      if (f.length != 2) {
        continue;
      }
      for (String proto : SNMP6_PROTOCOLS) {
        if (f[0].startsWith(proto)) {
          emit(proto + "_" + f[0].substring(proto.length()), f[1], series, out);
          break;
        }
      }
    }
  }

  private void emit(String key, String value, Series series, Emit out) {
    if (wanted.computeIfAbsent(key, k -> FIELDS.matcher(k).matches())) {
      long v = NodeStat.parse(value);
      if (v >= 0 || value.startsWith("-")) {
        out.value("node_netstat_" + key, series.plain(), Double.parseDouble(value));
      }
    }
  }

  /** {@code TCP: inuse 27 orphan 1 tw 0 alloc 34 mem 2}; {@code sockets: used 290}. */
  static void sockstat(String text, Series series, Emit out) {
    for (String line : text.split("\n")) {
      String[] f = ProcCounters.fields(line);
      if (f.length < 3 || !f[0].endsWith(":")) {
        continue;
      }
      String proto = f[0].substring(0, f[0].length() - 1);
      for (int k = 1; k + 1 < f.length; k += 2) {
        long v = NodeStat.parse(f[k + 1]);
        if (v < 0) {
          continue;
        }
        String name = "node_sockstat_" + proto + "_" + f[k];
        out.value(name, series.plain(), v);
        if (f[k].equals("mem")) {
          out.value(name + "_bytes", series.plain(), v * PAGE);
        }
      }
    }
  }
}
