package org.aoissl.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a whole output folder at once: the body fills a hidden sibling folder, which is renamed to the
 * target only when the body succeeds. A crash or an error never leaves a half-written folder under the
 * name the user asked for.
 */
public final class StagedDirectory {
  /** Fills a folder. */
  @FunctionalInterface
  public interface Body<T> {
    T fill(Path folder) throws IOException;
  }

  private StagedDirectory() {}

  /** Runs {@code body} on a staging folder, then moves it to {@code target} (absent or empty). */
  public static <T> T write(Path target, Body<T> body) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.exists(abs) && !isEmptyDir(abs)) {
      throw new BadInputException(abs, "output folder exists and is not empty; choose a new one");
    }
    Files.createDirectories(abs.getParent());
    Path staging = abs.resolveSibling("." + abs.getFileName() + ".partial-" + ProcessHandle.current().pid());
    deleteTree(staging);
    Files.createDirectories(staging);
    try {
      T result = body.fill(staging);
      Files.deleteIfExists(abs); // empty, checked above
      Files.move(staging, abs, StandardCopyOption.ATOMIC_MOVE);
      return result;
    } catch (IOException | RuntimeException e) {
      deleteTree(staging);
      throw e;
    }
  }

  static boolean isEmptyDir(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }

  /** Deletes a folder and everything in it; a missing folder is fine. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
