package dev.tidemark.agent.collect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.software.os.OperatingSystem;

/**
 * What the release comparison diffs about the machine: CPU model and cores, memory, OS and kernel,
 * JVM, and the environment variables the configuration names. Written once per release as {@code
 * environment-<release>.json} in the spool directory.
 */
public final class EnvironmentSnapshot {
  private static final JsonFactory JSON = new JsonFactory();

  private EnvironmentSnapshot() {}

  /** The snapshot as pretty JSON. */
  public static String capture(Map<String, String> labels, List<String> envVars) {
    SystemInfo si = new SystemInfo();
    CentralProcessor cpu = si.getHardware().getProcessor();
    OperatingSystem os = si.getOperatingSystem();
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeNumberField("capturedAt", System.currentTimeMillis());
      g.writeObjectFieldStart("labels");
      for (Map.Entry<String, String> e : labels.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("cpu");
      g.writeStringField("model", cpu.getProcessorIdentifier().getName());
      g.writeStringField("vendor", cpu.getProcessorIdentifier().getVendor());
      g.writeStringField("microarchitecture", cpu.getProcessorIdentifier().getMicroarchitecture());
      g.writeNumberField("physicalCores", cpu.getPhysicalProcessorCount());
      g.writeNumberField("logicalCores", cpu.getLogicalProcessorCount());
      g.writeNumberField("maxFrequencyHz", cpu.getMaxFreq());
      g.writeEndObject();
      g.writeNumberField("memoryBytes", si.getHardware().getMemory().getTotal());
      g.writeObjectFieldStart("os");
      g.writeStringField("family", os.getFamily());
      g.writeStringField("manufacturer", os.getManufacturer());
      g.writeStringField("version", os.getVersionInfo().getVersion());
      g.writeStringField("build", os.getVersionInfo().getBuildNumber());
      g.writeStringField("kernel", System.getProperty("os.version"));
      g.writeStringField("arch", System.getProperty("os.arch"));
      g.writeNumberField("bitness", os.getBitness());
      g.writeEndObject();
      g.writeObjectFieldStart("jvm");
      g.writeStringField("vendor", System.getProperty("java.vendor"));
      g.writeStringField("version", System.getProperty("java.runtime.version"));
      g.writeStringField("vm", System.getProperty("java.vm.name"));
      g.writeNumberField("maxHeapBytes", Runtime.getRuntime().maxMemory());
      g.writeEndObject();
      g.writeObjectFieldStart("env");
      for (String name : envVars) {
        String v = System.getenv(name);
        if (v != null) {
          g.writeStringField(name, v);
        }
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The file of a release's snapshot in the spool directory. */
  public static Path fileFor(Path spoolDir, String release) {
    String safe = release == null || release.isEmpty() ? "unreleased" : release;
    return spoolDir.resolve("environment-" + safe.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
  }

  /** Writes the release's snapshot unless it exists already; returns its file. */
  public static Path writeOnce(Path spoolDir, Map<String, String> labels, List<String> envVars) {
    Path file = fileFor(spoolDir, labels.get("release"));
    if (Files.exists(file)) {
      return file;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, capture(labels, envVars), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write environment snapshot: " + e + " [file=" + file + "]", e);
    }
    return file;
  }
}
