package dev.tidemark.server;

import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigException;
import java.nio.file.Path;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code tidemark-server [--config FILE]}: starts the server and stops it gracefully on SIGTERM or
 * Ctrl-C. The config file may also come from {@code TIDEMARK_CONFIG}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println("usage: tidemark-server [--config FILE]");
        return;
      } else {
        System.err.println("tidemark-server: unknown argument " + args[i] + " (try --help)");
        System.exit(2);
      }
    }
    if (file == null && System.getenv("TIDEMARK_CONFIG") != null) {
      file = Path.of(System.getenv("TIDEMARK_CONFIG"));
    }
    try {
      Config config = Config.load(file, System.getProperties(), System.getenv());
      Tidemark server = Tidemark.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tidemark-shutdown"));
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("tidemark-server: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("tidemark-server: cannot start: " + e);
      System.exit(1);
    }
  }
}
