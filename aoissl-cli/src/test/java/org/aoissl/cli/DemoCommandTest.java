package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shrunken demo and experiment end to end on tiny synthetic data: report parts exist, numbers parse. */
class DemoCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;
  static Path ckpt;

  @BeforeAll
  static void prepare() {
    ckpt = TinyRun.prepare(data);
  }

  @Test
  void shrunkenDemoWritesAReportWithEverySectionAndRealNumbers() throws Exception {
    Path out = dir.resolve("demo");
    Path transfer = dir.resolve("transfer-data");
    CliRun t = CliRun.of("synth", "transfer", "--out", transfer.toString(), "--size", "96", "--scale", "0.2",
        "--train", "5", "--test", "1", "--unlabeled", "0", "--channels", "2");
    assertThat(t.code()).as(t.err()).isZero();
    String[] args = {"demo", "--data", data.resolve("s").toString(), "--out", out.toString(), "--model", "micro",
        "--image-size", "32", "--finetune-size", "32", "--minutes", "0.2", "--transfer-data", transfer.toString()};
    CliRun d = CliRun.of(args);
    assertThat(d.code()).as(d.err()).isZero();
    assertThat(d.out()).contains("retrieval mIoU").contains("demo finished in");
    JsonNode r = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(r.path("methods")).hasSize(2); // mae and scratch
    for (JsonNode m : r.path("methods")) {
      double retrieval = m.path("retrieval").path("miou").asDouble(Double.NaN);
      double finetune = m.path("finetune").path("miou").asDouble(Double.NaN);
      assertThat(retrieval).as(m.toString()).isBetween(0.0, 1.0);
      assertThat(finetune).as(m.toString()).isBetween(0.0, 1.0);
      assertThat(m.path("finetuneSteps").asLong()).isPositive();
    }
    assertThat(r.path("methods").get(0).path("pretrainSteps").asLong()).isPositive();
    assertThat(r.path("aggregators").size()).isGreaterThanOrEqualTo(2 * 9); // 1 and 5 shots, 9 settings each
    assertThat(r.path("adaptation")).hasSize(2); // d01 before and after adding one image
    assertThat(r.path("stages").size()).isGreaterThanOrEqualTo(8);

    String html = Files.readString(out.resolve("report.html"));
    for (String section : new String[] {"Findings", "Pre-training method × downstream", "Retrieval: per-class IoU",
        "Fine-tuning: per-class IoU", "Retrieval aggregator × support images", "New device d01", "Pre-training loss",
        "Fine-tuning loss", "Test images", "MAE reconstructions", "Wall-clock per stage",
        "Other devices from 5 labeled images of a", "Adding 2 labeled images of b"}) {
      assertThat(html).as(section).contains(section);
    }
    assertThat(html).contains("data:image/png;base64,").doesNotContain("http://").doesNotContain("https://");
    // The first table's mIoU cells are the JSON's numbers, as printed.
    assertThat(html).contains(String.format(java.util.Locale.ROOT, "%.3f",
        r.path("methods").get(0).path("retrieval").path("miou").asDouble()));

    // The transfer table: every path scored on all six devices, mIoU in [0, 1]; the same in transfer.md.
    String tmd = Files.readString(out.resolve("transfer.md"));
    for (String path : new String[] {"retrieval", "retrieval + refiner", "small U-Net, images only"}) {
      Matcher m = Pattern.compile("^\\| " + Pattern.quote(path) + " \\| \\d+ s \\|((?: [0-9.]+ \\|){6})$",
          Pattern.MULTILINE).matcher(tmd);
      assertThat(m.find()).as(path + " in " + tmd).isTrue();
      for (String v : m.group(1).split("\\|")) {
        if (!v.isBlank()) {
          assertThat(Double.parseDouble(v.trim())).isBetween(0.0, 1.0);
        }
      }
    }
    assertThat(d.out()).contains("| retrieval + refiner (reused), images added |");

    String md = Files.readString(out.resolve("results.md"));
    Matcher row = Pattern.compile("\\| mae \\| (\\d+) \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9.]+)").matcher(md);
    assertThat(row.find()).as(md).isTrue();
    assertThat(Double.parseDouble(row.group(4))).isBetween(0.0, 1.0);

    // Run again: every stage is reused, the numbers stay.
    CliRun again = CliRun.of(args);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).contains("transfer table: reusing");
    assertThat(Files.readString(out.resolve("transfer.md"))).isEqualTo(tmd);
    JsonNode r2 = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    for (int i = 0; i < 2; i++) { // same scores and steps; only the measured times differ
      for (String f : new String[] {"retrieval", "finetune"}) {
        assertThat(r2.path("methods").get(i).path(f).path("iou")).isEqualTo(r.path("methods").get(i).path(f).path("iou"));
      }
      assertThat(r2.path("methods").get(i).path("finetuneSteps")).isEqualTo(r.path("methods").get(i).path("finetuneSteps"));
    }
  }

  @Test
  void experimentRunsWithoutMaeWithAGenericEncoderAndSaysWhatItDidNotMeasure() throws Exception {
    Path out = dir.resolve("exp");
    CliRun e = CliRun.of("experiment", "--data", data.resolve("s").toString(), "--out", out.toString(), "--methods",
        "dino", "--model", "micro", "--image-size", "32", "--finetune-size", "32", "--pretrain-minutes", "0.05",
        "--finetune-minutes", "0.02", "--shots", "2", "--adds", "1", "--no-variants", "--support", "2", "--generic",
        ckpt.toString());
    assertThat(e.code()).as(e.err()).isZero();
    String md = Files.readString(out.resolve("results.md"));
    assertThat(md).contains("| dino |").contains("| scratch |").contains("| generic |")
        .contains("MAE > DINO/iBOT on small data: not measured").contains("generic: " + ckpt);
    assertThat(Files.readString(out.resolve("report.html"))).contains("Pre-training loss")
        .doesNotContain("MAE reconstructions");
  }
}
