package org.aoissl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the CLI in a child JVM and kills it with SIGKILL once its checkpoint reaches a step. */
final class KilledChild {
  /** Reads the step a checkpoint holds. */
  interface StepOf {
    long step(Path checkpoint) throws Exception;
  }

  private KilledChild() {}

  /**
   * @return the step on disk when the child was killed, or -1 when it ended (or 120 s passed) first;
   *     the child's output goes to {@code output}
   */
  static long run(String[] args, Path checkpoint, StepOf stepOf, long atStep, Path output) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.exists(checkpoint)) {
        long step = stepOf.step(checkpoint);
        if (step >= atStep) {
          p.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
          p.waitFor();
          return step;
        }
      }
      Thread.sleep(10);
    }
    p.destroyForcibly();
    return -1;
  }
}
