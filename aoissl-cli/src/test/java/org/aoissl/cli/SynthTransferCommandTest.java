package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aoissl.data.DatasetCheck;
import org.aoissl.data.DatasetOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthTransferCommandTest {
  @TempDir Path dir;

  private CliRun transfer(String out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("synth", "transfer", "--out",
        dir.resolve(out).toString(), "--width", "320", "--height", "256", "--scale", "0.5",
        "--train", "1", "--test", "1", "--unlabeled", "1", "--threads", "2"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void writesTheTransferBenchmarkThatChecksClean() throws IOException {
    CliRun r = transfer("t", "--channels", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("devices [a, a-frame, a-zoom, a-light, b, c]", "320x256");
    List<DatasetCheck.Report> reports = DataCheckCommand.run(dir.resolve("t"), DatasetOptions.DEFAULT);
    assertThat(reports).extracting(rep -> rep.dataset().root().getFileName().toString())
        .containsExactly("pretrain", "test", "train");
    assertThat(reports).allMatch(DatasetCheck.Report::ok);
    assertThat(reports).extracting(DatasetCheck.Report::images).containsExactly(6, 6, 6);
    assertThat(reports.get(2).channels()).containsOnlyKeys(1);
    assertThat(reports.get(2).dataset().devices())
        .containsExactly("a", "a-frame", "a-light", "a-zoom", "b", "c");
    assertThat(Files.exists(dir.resolve("t/train/image/a-zoom_00000_buffer0.png"))).isTrue();
    assertThat(Files.exists(dir.resolve("t/train/image/a-zoom_00000_buffer1.png"))).isFalse();
  }

  @Test
  void badOptionValuesGiveExitTwoAndOneClearLine() throws IOException {
    String[][] cases = {
      {"--channels", "3", "channels must be 1 or 2; got 3"},
      {"--channels", "x", "Invalid value for option '--channels': 'x' is not an int"},
      {"--zoom", "2", "zoom must be in [0.6, 1.6]; got 2.0"},
      {"--appearance", "purple", "appearance must be dark-die or bright-die; got purple"},
      {"--height", "10", "width and height must be in [64, 8192]; got 512x10"},
      {"--channels", "0", "channels must be 1 or 2; got 0"},
      {"--train", "-1", "train must be in [0, 10000]; got -1"},
      {"--bits", "12", "bits must be 8 or 16; got 12"},
      {"--labels", "rgb", "label encoding must be ids or bits; got rgb"},
      {"--frobnicate", "1", "Unknown option"},
    };
    for (String[] c : cases) {
      CliRun r = CliRun.of("synth", "transfer", "--out", dir.resolve("bad").toString(), c[0], c[1]);
      assertThat(r.code()).as(String.join(" ", c)).isEqualTo(2);
      List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).as(r.err()).hasSize(1);
      assertThat(lines.get(0)).startsWith("error: ").contains(c[2]);
      assertThat(Files.exists(dir.resolve("bad"))).as("nothing written for %s", c[0]).isFalse();
    }
    CliRun tiny = CliRun.of("synth", "transfer", "--out", dir.resolve("bad").toString(), "--size", "10");
    assertThat(tiny.code()).isEqualTo(2);
    assertThat(tiny.err().strip())
        .isEqualTo("error: width and height must be in [64, 8192]; got 10x10");
    CliRun small = CliRun.of("synth", "transfer", "--out", dir.resolve("bad").toString(), "--size", "256");
    assertThat(small.code()).isEqualTo(2);
    assertThat(small.err().strip()).startsWith("error: device a at scale 1.00 needs at least")
        .doesNotContain("\n");
    assertThat(Files.exists(dir.resolve("bad"))).isFalse();
    CliRun missing = CliRun.of("synth", "transfer");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip()).startsWith("error: Missing required option: '--out=DIR'")
        .doesNotContain("\n");
  }

  @Test
  void refusesANonEmptyOutput() throws IOException {
    Files.createDirectories(dir.resolve("x"));
    Files.writeString(dir.resolve("x/notes.txt"), "keep");
    CliRun r = transfer("x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("output folder exists and is not empty");
    assertThat(Files.readString(dir.resolve("x/notes.txt"))).isEqualTo("keep");
  }

  @Test
  void helpDocumentsEveryOption() {
    CliRun r = CliRun.of("synth", "transfer", "--help");
    assertThat(r.code()).isZero();
    for (String o : List.of("--out", "--seed", "--size", "--width", "--height", "--scale", "--zoom",
        "--appearance", "--channels", "--bits", "--labels", "--train", "--test", "--unlabeled",
        "--threads")) {
      assertThat(r.out()).contains(o);
    }
    assertThat(r.out()).contains("a-frame", "a-zoom", "a-light");
  }
}
