package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs a dataset listing leaves out (here a missing buffer and a label without its image) are never
 * dropped silently by the commands that read datasets: one warning line, or with --strict bad input.
 */
class SkippedInputsTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path ckpt;
  static Path flawed;
  static String missing;

  @BeforeAll
  static void prepare() throws IOException {
    ckpt = TinyRun.prepare(data);
    // A copy of the training split with one image's second buffer gone and a label without an image.
    flawed = data.resolve("flawed");
    Path train = data.resolve("s/train");
    try (Stream<Path> files = Files.walk(train)) {
      for (Path f : files.toList()) {
        Files.copy(f, flawed.resolve(train.relativize(f).toString()));
      }
    }
    Path buffer1;
    try (Stream<Path> files = Files.list(flawed.resolve("image"))) {
      buffer1 = files.filter(f -> f.getFileName().toString().endsWith("_buffer1.png")).sorted().findFirst()
          .orElseThrow();
    }
    Files.delete(buffer1);
    missing = buffer1.getFileName().toString();
    try (Stream<Path> files = Files.list(flawed.resolve("lbl"))) {
      Files.copy(files.sorted().findFirst().orElseThrow(), flawed.resolve("lbl/zz_0000.png"));
    }
  }

  private static String warning() {
    return "warning: 2 inputs skipped in " + flawed + " (missing buffer: " + missing
        + "; orphan label: zz_0000.png) - run 'aoissl data check " + flawed + "'";
  }

  private static void assertStrictIsBadInput(String... args) {
    String[] strict = Stream.concat(Stream.of(args), Stream.of("--strict")).toArray(String[]::new);
    CliRun r = CliRun.of(strict);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().lines().toList()).as(r.err()).hasSize(1).first().asString()
        .startsWith("error: " + flawed.resolve("image").resolve(missing) + ": missing buffer 1 of ")
        .contains("1 more skipped inputs");
  }

  private static void assertWarnsOnce(CliRun r) {
    assertThat(r.code()).as(r.err()).isZero();
    List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning:")).toList();
    assertThat(warnings).containsExactly(warning());
  }

  @Test
  void bankBuildAndSegmentWarnOrRefuseWithStrict() {
    Path bank = dir.resolve("b.bank");
    String[] build = {"bank", "build", "--ckpt", ckpt.toString(), "--support", flawed.toString(), "--out",
        bank.toString()};
    CliRun b = CliRun.of(build);
    assertWarnsOnce(b);
    assertThat(b.out()).contains("from 5 images");
    assertStrictIsBadInput("bank", "build", "--ckpt", ckpt.toString(), "--support", flawed.toString(), "--out",
        dir.resolve("strict.bank").toString());
    assertThat(dir.resolve("strict.bank")).doesNotExist();

    String[] segment = {"segment", "--bank", bank.toString(), "--images", flawed.toString(), "--out",
        dir.resolve("pred").toString()};
    CliRun s = CliRun.of(segment);
    assertWarnsOnce(s);
    assertThat(s.out()).contains("segmented 5 images");
    assertStrictIsBadInput("segment", "--bank", bank.toString(), "--images", flawed.toString(), "--out",
        dir.resolve("strict-pred").toString());
    assertThat(dir.resolve("strict-pred")).doesNotExist();
  }

  @Test
  void pretrainAndFinetuneWarnOrRefuseWithStrict() {
    String[] pretrain = {"pretrain", "--data", flawed.toString(), "--out", dir.resolve("p.ckpt").toString(),
        "--model", "micro", "--image-size", "32", "--batch", "4", "--steps", "1"};
    CliRun p = CliRun.of(pretrain);
    assertWarnsOnce(p);
    assertThat(p.out()).contains("on 5 images");
    assertStrictIsBadInput(pretrain);

    String[] finetune = {"finetune", "--data", flawed.toString(), "--head", "linear", "--model", "micro",
        "--image-size", "32", "--out", dir.resolve("f.ckpt").toString(), "--steps", "1", "--batch", "2"};
    CliRun f = CliRun.of(finetune);
    assertWarnsOnce(f);
    assertThat(f.out()).contains("on 5 labeled images");
    assertStrictIsBadInput(finetune);
  }
}
