package org.aoissl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a benchmark ran on, read from {@code /proc} (Linux) and the JVM: logical cores, CPU model,
 * memory, JDK, and the load average at the time of reading.
 *
 * @param cores logical cores the JVM may use ({@code nproc})
 * @param cpuModel first {@code model name} of {@code /proc/cpuinfo}, or "unknown"
 * @param memTotalKb {@code MemTotal} of {@code /proc/meminfo}, or -1
 * @param jdk {@code java.vm.name} and {@code java.runtime.version}
 */
public record Machine(int cores, String cpuModel, long memTotalKb, String jdk) {
  /** This machine now. */
  public static Machine current() {
    return new Machine(Runtime.getRuntime().availableProcessors(),
        field(read("/proc/cpuinfo"), "model name", "unknown"),
        parseKb(field(read("/proc/meminfo"), "MemTotal", "-1 kB")),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
  }

  /** "2 cores, Intel(R) Xeon(R) Processor, 23.6 GiB, OpenJDK 64-Bit Server VM 17.0.15". */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "%d cores, %s, %.1f GiB, %s", cores, cpuModel,
        memTotalKb / 1024.0 / 1024.0, jdk);
  }

  /** The 1-, 5- and 15-minute load averages of {@code /proc/loadavg}, or "unknown". */
  public static String loadAverage() {
    String s = read("/proc/loadavg").trim();
    String[] parts = s.split("\\s+");
    return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
  }

  /** The value after the first {@code key ... :} line of a {@code /proc} text. */
  static String field(String text, String key, String missing) {
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
        return line.substring(colon + 1).trim();
      }
    }
    return missing;
  }

  private static long parseKb(String value) {
    return Long.parseLong(value.split("\\s+")[0]);
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
