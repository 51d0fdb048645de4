package org.aoissl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the Spark job tests compare against: the single-machine command line run from its jar in a child
 * JVM (the engine's native library can be loaded once per JVM, and the CLI's shaded jar must not meet
 * Spark's classes), plus helpers to run the Spark commands and read what they wrote.
 */
final class Fixture {
  private Fixture() {}

  /** One run's exit code and console text. */
  record Run(int code, String out, String err) {}

  /** Runs {@code aoissl ARGS} from the CLI jar; fails the test unless it exits with 0. */
  static String cli(String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("aoissl.cli.jar");
    assertThat(jar).as("system property aoissl.cli.jar (set by the pom)").isNotNull();
    assertThat(Path.of(jar)).as("the CLI jar: build aoissl-cli first (mvn install)").isRegularFile();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.awt.headless=true", "-jar", jar));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ONEDNN_MAX_CPU_ISA", "AVX2");
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("aoissl " + String.join(" ", args) + "\n" + text).isZero();
    return text;
  }

  /** Runs a Spark command in this JVM. */
  static Run spark(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SparkMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** The rows of a Parquet table, read with a short-lived local session. */
  static List<Row> rows(Path table) {
    SparkSession s = SparkSession.builder().master("local[1]").appName("read").config("spark.ui.enabled", "false")
        .getOrCreate();
    try {
      return s.read().parquet(Storage.readPath(table.toUri())).collectAsList();
    } finally {
      s.stop();
    }
  }

  /** Every file under the prediction sub-folders of {@code dir}, by path relative to it. */
  static Map<String, byte[]> predictionFiles(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    for (String sub : List.of("labels", "masks", "overlays")) {
      try (Stream<Path> s = Files.walk(dir.resolve(sub))) {
        for (Path f : s.filter(Files::isRegularFile).toList()) {
          out.put(dir.relativize(f).toString(), Files.readAllBytes(f));
        }
      }
    }
    return out;
  }

  /** Copies a folder tree. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
