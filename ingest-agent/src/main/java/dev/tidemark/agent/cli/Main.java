package dev.tidemark.agent.cli;

import dev.tidemark.agent.collect.EnvironmentSnapshot;
import dev.tidemark.agent.config.AgentConfig;
import dev.tidemark.agent.config.AgentKey;
import dev.tidemark.agent.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tidemark-agent run|status|environment|keys [--config FILE] [--json]}. Exit codes: 0 done,
 * 1 failed while running, 2 bad usage or configuration.
 */
public final class Main {
  static final String USAGE =
      "usage: tidemark-agent run [--config FILE]\n"
          + "       tidemark-agent status [--config FILE] [--json]\n"
          + "       tidemark-agent environment [--config FILE]\n"
          + "       tidemark-agent keys";

  private Main() {}

  public static void main(String[] args) {
    // Chronicle phones home unless told not to; set before any Chronicle class loads
    if (System.getProperty("chronicle.analytics.disable") == null) {
      System.setProperty("chronicle.analytics.disable", "true");
    }
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    String command = args[0];
    Path configFile = null;
    boolean json = false;
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (a.equals("--config") && i + 1 < rest.size()) {
        configFile = Path.of(rest.get(++i));
      } else if (a.startsWith("--config=")) {
        configFile = Path.of(a.substring("--config=".length()));
      } else if (a.equals("--json")) {
        json = true;
      } else {
        err.println("cannot parse arguments: unknown argument " + a + "\n" + USAGE);
        return 2;
      }
    }
    AgentConfig config;
    try {
      config = AgentConfig.load(configFile, System.getenv(), System.getProperties());
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    return switch (command) {
      case "run" -> runAgent(config, err);
      case "status" -> StatusCommand.run(config.spoolDir(), json, out, err);
      case "environment" -> {
        out.println(EnvironmentSnapshot.capture(config.labels(), config.environmentVars()));
        yield 0;
      }
      case "keys" -> {
        printKeys(out);
        yield 0;
      }
      default -> {
        err.println("cannot run command: unknown command " + command + "\n" + USAGE);
        yield 2;
      }
    };
  }

  private static int runAgent(AgentConfig config, PrintStream err) {
    // Chronicle's POSIX calls (fallocate, madvise, affinity) go through jnr-ffi, ~200 classes and
    // its own native stubs: ~3 MB of the agent's memory for hints a spool written at a few KiB a
    // second does not need. The no-op API is Chronicle's own fallback where there is no POSIX.
    net.openhft.posix.PosixAPI.useNoOpPosixApi();
    Agent agent;
    try {
      agent = Agent.start(config);
    } catch (RuntimeException e) {
      err.println(e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stopped.countDown();
                },
                "tidemark-agent-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void printKeys(PrintStream out) {
    out.println("| key | default | description |");
    out.println("|---|---|---|");
    for (AgentKey k : AgentKey.values()) {
      out.println(
          "| `"
              + k.key()
              + "` | "
              + (k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`")
              + " | "
              + k.description()
              + " |");
    }
    out.println(
        "| `agent.labels.<name>` | | Any other label put on every host metric and recorded value. |");
  }
}
