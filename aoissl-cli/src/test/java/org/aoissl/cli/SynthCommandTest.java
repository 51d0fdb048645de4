package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.aoissl.data.DatasetCheck;
import org.aoissl.data.DatasetOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
  @TempDir Path dir;

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  private CliRun synth(String out, String seed) {
    return CliRun.of("synth", "--out", dir.resolve(out).toString(), "--devices", "2", "--per-device", "5",
        "--unlabeled", "3", "--size", "96", "--seed", seed, "--bits", "16", "--shifted", "--threads", "2");
  }

  @Test
  void writesTheAuthorsLayoutThatChecksCleanAndIsDeterministic() throws IOException {
    CliRun r = synth("a", "7");
    assertThat(r.code()).as(r.err()).isZero();
    Path a = dir.resolve("a");
    // 5 per device: 3 train, 1 val, 1 test; 3 unlabeled over 2 devices = 2 + 1
    List<DatasetCheck.Report> reports = DataCheckCommand.run(a, DatasetOptions.DEFAULT);
    assertThat(reports).extracting(rep -> rep.dataset().root().getFileName().toString())
        .containsExactly("pretrain", "test", "test-shift", "train", "val");
    assertThat(reports).extracting(DatasetCheck.Report::images).containsExactly(3, 2, 2, 6, 2);
    assertThat(reports).allMatch(DatasetCheck.Report::ok);
    DatasetCheck.Report train = reports.get(3);
    assertThat(train.dataset().layout()).isEqualTo("bitmask");
    assertThat(train.dataset().devices()).containsExactly("d00", "d01");
    assertThat(train.bitDepths()).containsOnlyKeys(16);
    assertThat(train.channels()).containsOnlyKeys(2);
    for (int k = 0; k < 4; k++) {
      assertThat(train.classFraction("*", k)).as("class %d present", k).isGreaterThan(0);
    }
    assertThat(files(a)).contains("train/image/d00_00000_buffer0.png", "train/image/d00_00000_buffer1.png",
        "train/lbl/d00_00000.png", "pretrain/image/d01_00005_buffer1.png", "train/dataset.json");

    assertThat(synth("b", "7").code()).isZero();
    assertThat(synth("c", "8").code()).isZero();
    Path b = dir.resolve("b");
    Path c = dir.resolve("c");
    assertThat(files(b)).isEqualTo(files(a));
    for (String f : files(a)) {
      if (f.endsWith(".png")) {
        assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
      }
    }
    assertThat(Files.readAllBytes(c.resolve("train/lbl/d00_00000.png")))
        .isNotEqualTo(Files.readAllBytes(a.resolve("train/lbl/d00_00000.png")));
    // The shifted test set has the same scenes (same masks) but different pixels.
    assertThat(Files.readAllBytes(a.resolve("test-shift/lbl/d00_00004.png")))
        .isEqualTo(Files.readAllBytes(a.resolve("test/lbl/d00_00004.png")));
    assertThat(Files.readAllBytes(a.resolve("test-shift/image/d00_00004_buffer0.png")))
        .isNotEqualTo(Files.readAllBytes(a.resolve("test/image/d00_00004_buffer0.png")));
  }

  @Test
  void refusesANonEmptyOutputAndBadOptionsWithExitTwo() throws IOException {
    Files.createDirectories(dir.resolve("x"));
    Files.writeString(dir.resolve("x/notes.txt"), "keep");
    CliRun r = synth("x", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("output folder exists and is not empty");
    assertThat(files(dir.resolve("x"))).containsExactly("notes.txt");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("x"); // no staging left behind
    }
    CliRun bad = CliRun.of("synth", "--out", dir.resolve("y").toString(), "--bits", "12");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("bits must be 8 or 16; got 12");
  }
}
