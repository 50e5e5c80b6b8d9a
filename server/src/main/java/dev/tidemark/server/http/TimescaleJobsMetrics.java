package dev.tidemark.server.http;

import dev.tidemark.server.storage.tier.TimescaleJobs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TimescaleDB's jobs and chunks as Prometheus text and as {@code /ready}'s detail. */
public final class TimescaleJobsMetrics {
  private TimescaleJobsMetrics() {}

  public static void render(TimescaleJobs.Snapshot s, StringBuilder sb) {
    gauge(sb, "tidemark_timescaledb_up", "1 when TimescaleDB's job and chunk views could be read.");
    sb.append("tidemark_timescaledb_up ").append(s.error() == null ? 1 : 0).append('\n');
    if (s.error() != null) {
      return;
    }
    String[][] families = {
      {"tidemark_timescaledb_job_runs", "Runs of a TimescaleDB policy job, as it records them."},
      {"tidemark_timescaledb_job_failures", "Runs a TimescaleDB policy job recorded as failed."},
      {"tidemark_timescaledb_job_last_run_failed", "1 when the job's last run is recorded failed."},
      {
        "tidemark_timescaledb_job_last_success_timestamp_seconds",
        "When the job last finished successfully (0: never)."
      }
    };
    for (int f = 0; f < families.length; f++) {
      gauge(sb, families[f][0], families[f][1]);
      for (TimescaleJobs.Job j : s.jobs()) {
        double v =
            switch (f) {
              case 0 -> j.runs();
              case 1 -> j.failures();
              case 2 -> j.lastRunFailed() ? 1 : 0;
              default -> j.lastSuccess() == null ? 0 : j.lastSuccess().getTime() / 1000.0;
            };
        sb.append(families[f][0])
            .append("{job_id=\"")
            .append(j.id())
            .append("\",proc=\"")
            .append(j.proc())
            .append("\",hypertable=\"")
            .append(j.hypertable())
            .append("\"} ")
            .append(v)
            .append('\n');
      }
    }
    gauge(sb, "tidemark_timescaledb_chunks", "Chunks of a hypertable, compressed or not.");
    for (TimescaleJobs.Chunks c : s.chunks()) {
      line(sb, c.hypertable(), "true", c.compressed());
      line(sb, c.hypertable(), "false", c.total() - c.compressed());
    }
  }

  private static void line(StringBuilder sb, String hypertable, String compressed, long n) {
    sb.append("tidemark_timescaledb_chunks{hypertable=\"")
        .append(hypertable)
        .append("\",compressed=\"")
        .append(compressed)
        .append("\"} ")
        .append(n)
        .append('\n');
  }

  private static void gauge(StringBuilder sb, String name, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" gauge\n");
  }

  /** For {@code /ready}: per job its counts, last success and last error; chunks per table. */
  public static Map<String, Object> detail(TimescaleJobs.Snapshot s) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (s.error() != null) {
      out.put("error", "cannot read timescaledb_information: " + s.error());
      return out;
    }
    List<Object> jobs = new ArrayList<>();
    for (TimescaleJobs.Job j : s.jobs()) {
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("job_id", j.id());
      job.put("proc", j.proc());
      job.put("hypertable", j.hypertable());
      job.put("runs", j.runs());
      job.put("failures", j.failures());
      job.put("last_run_failed", j.lastRunFailed());
      job.put(
          "last_success", j.lastSuccess() == null ? null : j.lastSuccess().toInstant().toString());
      job.put("last_error", j.lastError());
      jobs.add(job);
    }
    out.put("jobs", jobs);
    out.put("failing_jobs", s.jobs().stream().filter(TimescaleJobs.Job::lastRunFailed).count());
    List<Object> chunks = new ArrayList<>();
    for (TimescaleJobs.Chunks c : s.chunks()) {
      chunks.add(
          Map.of("hypertable", c.hypertable(), "chunks", c.total(), "compressed", c.compressed()));
    }
    out.put("chunks", chunks);
    return out;
  }
}
