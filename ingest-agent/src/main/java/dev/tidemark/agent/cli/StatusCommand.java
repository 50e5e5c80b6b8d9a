package dev.tidemark.agent.cli;

import dev.tidemark.agent.status.StatusFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** {@code tidemark-agent status}: what the agent last wrote to {@code status.json}, for people. */
final class StatusCommand {
  private StatusCommand() {}

  static int run(Path spoolDir, boolean json, PrintStream out, PrintStream err) {
    Path file = StatusFile.in(spoolDir);
    if (!Files.exists(file)) {
      err.println(
          "cannot show status: no agent has run with this spool [file="
              + file.toAbsolutePath()
              + "]");
      return 1;
    }
    try {
      if (json) {
        out.print(Files.readString(file, StandardCharsets.UTF_8));
        return 0;
      }
      Map<String, String> s = StatusFile.read(file);
      long now = System.currentTimeMillis();
      long updated = num(s, "updatedAt");
      out.printf(
          "agent %s (pid %s) %s, status written %s ago%n",
          s.get("agent"),
          s.get("pid"),
          "true".equals(s.get("running")) ? "running" : "stopped",
          ago(now - updated));
      long max = num(s, "spoolMaxBytes");
      long bytes = num(s, "backlogBytes");
      out.printf(
          "backlog:      %s entries, %s, oldest waiting %s%n",
          s.get("backlogEntries"), size(bytes), ago(num(s, "backlogAgeMs")));
      out.printf(
          "spool:        %s of %s cap used (%.1f%%)%s, refused samples %s%n",
          size(bytes),
          size(max),
          max == 0 ? 0.0 : 100.0 * bytes / max,
          "true".equals(s.get("spoolFull")) ? " FULL: new samples are refused" : "",
          s.get("refusedSamples"));
      long last = num(s, "lastShipAt");
      out.printf(
          "last ship:    %s%s; %s batches, %s entries since start, %s duplicates%n",
          last == 0 ? "never" : Instant.ofEpochMilli(last) + " (" + ago(now - last) + " ago)",
          last == 0 ? "" : ", batch " + s.get("lastBatch"),
          s.get("shippedBatches"),
          s.get("shippedEntries"),
          s.get("duplicateBatches"));
      out.printf(
          "errors:       %s%s%s%n",
          s.get("errors"),
          "true".equals(s.get("shipperFailed"))
              ? " (SHIPPING STOPPED: restart the agent)"
              : "true".equals(s.get("retrying")) ? " (retrying now)" : "",
          s.get("lastError").isEmpty() ? "" : "; last: " + s.get("lastError"));
      out.printf("dead letters: %s in %s%n", s.get("deadLetters"), s.get("deadLetterFile"));
      String port = s.get("recordPort");
      out.printf(
          "record:       %s%n",
          "-1".equals(port) ? "endpoint off" : "http://127.0.0.1:" + port + "/record");
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("cannot show status: " + e + " [file=" + file.toAbsolutePath() + "]");
      return 1;
    }
  }

  private static long num(Map<String, String> s, String key) {
    String v = s.get(key);
    return v == null ? 0 : Long.parseLong(v);
  }

  private static String ago(long ms) {
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 120_000) {
      return String.format("%.1fs", ms / 1000.0);
    }
    return ms / 60_000 + "m";
  }

  private static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1 << 20) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }
}
