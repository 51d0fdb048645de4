package org.aoissl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's resident set size from {@code /proc/self/status} (Linux). */
public final class ProcStatus {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcStatus() {}

  /** VmRSS in kB, or -1 where {@code /proc} has none (not Linux). */
  public static long rssKb() {
    if (!Files.isReadable(STATUS)) {
      return -1;
    }
    try {
      return parseRssKb(Files.readString(STATUS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code VmRSS:} value of a {@code /proc/PID/status} text, in kB; -1 if absent. */
  static long parseRssKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring(6).trim().split("\\s+");
        return Long.parseLong(parts[0]);
      }
    }
    return -1;
  }
}
