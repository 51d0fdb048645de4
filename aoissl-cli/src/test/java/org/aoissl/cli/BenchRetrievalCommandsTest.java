package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shrunken runs of {@code bench segment} and {@code bench retrieval}: every table is there and parses. */
class BenchRetrievalCommandsTest {
  @TempDir static Path data;

  static Path ckpt;

  @BeforeAll
  static void prepare() {
    ckpt = TinyRun.prepare(data);
  }

  /** The numbers of a markdown row that starts with {@code label}. */
  private static double[] numbers(String out, String label) {
    Matcher m = Pattern.compile("^\\| " + Pattern.quote(label) + " \\|(.*)$", Pattern.MULTILINE).matcher(out);
    assertThat(m.find()).as("row '%s' in%n%s", label, out).isTrue();
    return Pattern.compile("-?\\d+\\.\\d+").matcher(m.group(1)).results()
        .mapToDouble(r -> Double.parseDouble(r.group())).toArray();
  }

  @Test
  void benchSegmentPrintsAggregatorsRefinementsAndAdaptation() {
    CliRun r = CliRun.of("bench", "segment", "--ckpt", ckpt.toString(), "--data", data.resolve("s").toString(),
        "--device", "d00", "--shots", "3", "--new-device", "d01", "--add", "1,2", "--folds", "3");
    assertThat(r.code()).as(r.err()).isZero();
    String out = r.out();
    assertThat(out).contains("bank: 3 support images of d00");
    for (String m : new String[] {"distance", "attention", "image"}) {
      assertThat(out).containsPattern("\\| " + m + " k=\\d+");
    }
    assertThat(out).contains("+shift |").contains("+refine |").contains("+shift +refine |").contains("+blocks |");
    double[] before = numbers(out, "d00 only");
    // mIoU, four class IoUs, wire clDice: all in [0, 1] (NaN prints as NaN and would not parse).
    assertThat(before.length).isGreaterThanOrEqualTo(1);
    assertThat(before[0]).isBetween(0.0, 1.0);
    assertThat(out).containsPattern("\\+ 1 image of d01 \\(added in \\d+\\.\\d\\d s\\)")
        .containsPattern("\\+ 2 images of d01 \\(added in \\d+\\.\\d\\d s\\)");
  }

  @Test
  void benchRetrievalPrintsRatiosQualityAndCost() {
    Path bank = data.resolve("b.bank");
    assertThat(CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support",
        data.resolve("s/train").toString(), "--out", bank.toString()).code()).isZero();
    CliRun r = CliRun.of("bench", "retrieval", "--ckpt", ckpt.toString(), "--image-size", "64", "--bank-size",
        "2000", "--pca", "8", "--sizes", "2000,3000", "--bank", bank.toString(), "--test",
        data.resolve("s/test").toString(), "--coreset", "0.5");
    assertThat(r.code()).as(r.err()).isZero();
    String out = r.out();
    double[] exact = numbers(out, "exact");
    assertThat(exact[exact.length - 1]).as("exact recall against itself").isEqualTo(1.0);
    assertThat(numbers(out, "hnsw m16 ef64")).isNotEmpty();
    assertThat(numbers(out, "pca 8 + exact")).isNotEmpty();
    assertThat(out).contains("### On a real bank").containsPattern("\\| coreset 0.5 \\+ exact \\| \\d+\\.\\d \\| ");
    assertThat(out).contains("size 2,000 dim 32: exact").contains("| ivf, default cells and probes |");
    double[] base = numbers(out, "2,000");
    assertThat(base).as("growth table row").hasSize(8);
    assertThat(base[5]).as("one image per search against itself").isEqualTo(1.0);
    assertThat(base[7]).as("eight images per search against itself").isEqualTo(1.0);
    assertThat(out).contains("### Goals").containsPattern("\\| search time growth 2,000 → 3,000 keys \\| ≤ 3× \\| "
        + "\\d+\\.\\d\\d× \\(\\d+\\.\\d\\d× with 8 images per search\\) \\|")
        .containsPattern("\\| mIoU on a real bank, approximate vs exact \\| within 0.5 points \\| [+-]\\d+\\.\\d\\d points \\|")
        .containsPattern("\\| index build for 2,000 keys on \\d+ cores \\| ≤ 60 s \\| \\d+\\.\\d s \\|");
  }
}
