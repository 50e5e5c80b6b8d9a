package dev.tidemark.server.releases;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Debian's {@code chromium}, headless, for rendering the report; absent on some machines. */
final class HeadlessChromium {
  private HeadlessChromium() {}

  static Optional<Path> find() {
    for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(Path.of(p));
      }
    }
    return Optional.empty();
  }

  /** Runs chromium with the isolation flags plus {@code extra}; returns stdout + stderr. */
  static Result run(Path chromium, Path profile, String... extra)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile));
    cmd.addAll(List.of(extra));
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    out.toFile().deleteOnExit(); // the test JVM's; every run left two files in /tmp
    err.toFile().deleteOnExit();
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) { // a guard against a hung browser, not a timing check
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish: " + cmd);
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  record Result(int exit, String stdout, String stderr) {}
}
