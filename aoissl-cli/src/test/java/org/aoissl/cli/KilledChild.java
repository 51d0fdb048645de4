package org.aoissl.cli;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the CLI in a child JVM and kills it with SIGKILL as soon as its training log holds a given number
 * of lines (the loop writes and flushes one per step). The trigger is the run's own step signal, followed
 * with the file system's change events, never a sleep or a polling interval, so where the kill lands does
 * not depend on the machine's speed.
 */
final class KilledChild {
  /** A checkpoint interval, in minutes, shorter than any step: every step is saved before the next starts. */
  static final String SAVE_EVERY_STEP = "0.000000001";

  private KilledChild() {}

  /**
   * @return the log's line count when the child was killed (at least {@code atLine}), or -1 when the
   *     child ended first; the child's output goes to {@code output}
   */
  static long run(String[] args, Path log, int atLine, Path output) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Path folder = log.toAbsolutePath().getParent();
    try (WatchService watch = folder.getFileSystem().newWatchService()) {
      folder.register(watch, ENTRY_CREATE, ENTRY_MODIFY);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      // A child that ends wakes the wait below by closing the watch.
      p.onExit().thenRun(() -> close(watch));
      try {
        while (true) {
          long lines = lines(log);
          if (lines >= atLine) {
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
            p.waitFor();
            return lines;
          }
          WatchKey key = watch.take(); // the folder changed: the log may have grown
          key.pollEvents();
          key.reset();
        }
      } catch (ClosedWatchServiceException e) {
        return -1; // the child ended before its log reached the line
      } finally {
        p.destroyForcibly();
      }
    }
  }

  /** Complete lines in a file; 0 before it exists. */
  private static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    long n = 0;
    for (byte b : Files.readAllBytes(file)) {
      n += b == '\n' ? 1 : 0;
    }
    return n;
  }

  private static void close(WatchService watch) {
    try {
      watch.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
