package dev.tidemark.server;

import dev.tidemark.server.backup.BackupCommand;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigException;
import java.nio.file.Path;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code tidemark-server [--config FILE]}: starts the server and stops it gracefully on SIGTERM or
 * Ctrl-C. The config file may also come from {@code TIDEMARK_CONFIG}. {@code tidemark-server backup
 * --to DIR} and {@code restore --from DIR} (same configuration) back the database up while the
 * server runs, and restore it into an empty database or a fresh data directory.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Path file = null;
    String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "run";
    Path dir = null;
    for (int i = command.equals("run") ? 0 : 1; i < args.length; i++) {
      if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if ((args[i].equals("--to") || args[i].equals("--from")) && i + 1 < args.length) {
        dir = Path.of(args[++i]);
      } else if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println(
            "usage: tidemark-server [--config FILE]\n"
                + "       tidemark-server backup --to DIR [--config FILE]\n"
                + "       tidemark-server restore --from DIR [--config FILE]");
        return;
      } else {
        System.err.println("tidemark-server: unknown argument " + args[i] + " (try --help)");
        System.exit(2);
      }
    }
    if (file == null && System.getenv("TIDEMARK_CONFIG") != null) {
      file = Path.of(System.getenv("TIDEMARK_CONFIG"));
    }
    if (!command.equals("run") && !command.equals("backup") && !command.equals("restore")) {
      System.err.println("tidemark-server: unknown command " + command + " (try --help)");
      System.exit(2);
    }
    if (!command.equals("run") && dir == null) {
      System.err.println(
          "tidemark-server: "
              + command
              + " needs "
              + (command.equals("backup") ? "--to" : "--from")
              + " DIR");
      System.exit(2);
    }
    try {
      Config config = Config.load(file, System.getProperties(), System.getenv());
      if (command.equals("backup")) {
        BackupCommand.backup(config, dir, System.out);
        return;
      } else if (command.equals("restore")) {
        BackupCommand.restore(config, dir, System.out);
        return;
      }
      Tidemark server = Tidemark.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tidemark-shutdown"));
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("tidemark-server: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println(
          "tidemark-server: cannot " + (command.equals("run") ? "start" : command) + ": " + e);
      System.exit(1);
    }
  }
}
