package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** experiment transfer on a tiny transfer set: every path scored on every device, then a new device added. */
class ExperimentTransferCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path ckpt;

  @BeforeAll
  static void prepare() {
    CliRun s = CliRun.of("synth", "transfer", "--out", data.resolve("t").toString(), "--width", "320", "--height", "256", "--scale", "0.5",
        "--train", "3", "--test", "1", "--unlabeled", "2", "--channels", "1", "--threads", "2");
    assertThat(s.code()).as(s.err()).isZero();
    ckpt = data.resolve("m.ckpt");
    CliRun p = CliRun.of("pretrain", "--data", data.resolve("t").toString(), "--out", ckpt.toString(), "--model",
        "micro", "--image-size", "32", "--batch", "4", "--seed", "5", "--steps", "2");
    assertThat(p.code()).as(p.err()).isZero();
  }

  @Test
  void scoresEveryPathOnEveryDeviceAndTheAddedDevice() throws Exception {
    Path out = dir.resolve("x");
    CliRun r = CliRun.of("experiment", "transfer", "--data", data.resolve("t").toString(), "--ckpt", ckpt.toString(),
        "--out", out.toString(), "--shots", "2", "--seconds", "3", "--adds", "1");
    assertThat(r.code()).as(r.err()).isZero();
    String md = Files.readString(out.resolve("transfer.md"));
    assertThat(r.out()).contains(md.strip());
    assertThat(md).contains("| path | training | a | a-frame | a-light | a-zoom | b | c |")
        .contains("| retrieval |").contains("| retrieval + refiner |").contains("| small U-Net, images only |")
        .contains("after adding 1 labeled images of b").contains("| retrieval + refiner (reused), images added |");
    List<String> rows = md.lines().filter(l -> l.startsWith("| retrieval") || l.startsWith("| small")).toList();
    assertThat(rows).hasSize(6);
    Matcher m = Pattern.compile("\\| (\\d\\.\\d{3}) ").matcher(md);
    int numbers = 0;
    while (m.find()) {
      assertThat(Double.parseDouble(m.group(1))).isBetween(0.0, 1.0);
      numbers++;
    }
    assertThat(numbers).as("3 paths x 6 devices, then 3 rows for b").isEqualTo(21);
  }

  @Test
  void aDeviceWithoutImagesAndMissingOptionsAreRefused() {
    CliRun none = CliRun.of("experiment", "transfer", "--data", data.resolve("t").toString(), "--ckpt",
        ckpt.toString(), "--out", dir.resolve("y").toString(), "--support", "zzz", "--shots", "2");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("needs 2 labeled images of device 'zzz'; the training images hold 0");
    assertThat(Files.exists(dir.resolve("y/transfer.md"))).isFalse();

    CliRun plain = CliRun.of("experiment", "--out", dir.resolve("z").toString());
    assertThat(plain.code()).isEqualTo(2);
    assertThat(plain.err()).contains("Missing required option: '--data=DIR'");
  }
}
