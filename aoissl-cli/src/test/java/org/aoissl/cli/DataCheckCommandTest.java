package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCheckCommandTest {
  @TempDir Path dir;

  private void sample(String stem) throws IOException {
    AoiImage img = AoiImage.zeros(2, 8, 8, 8);
    ImageCodec.writePng(dir.resolve("image/" + stem + "_buffer0.png"), img, 0);
    ImageCodec.writePng(dir.resolve("image/" + stem + "_buffer1.png"), img, 1);
    Mask m = new Mask(4, 8, 8);
    m.set(0, 1, 1, true);
    MaskCodec.write(dir.resolve("lbl/" + stem + ".png"), m, LabelEncoding.IDS);
  }

  @Test
  void cleanDatasetPrintsSummaryAndExitsZero() throws IOException {
    sample("d01_a");
    sample("d02_a");
    CliRun r = CliRun.of("data", "check", dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("images 2 (labeled 2), devices 2, sizes 8x8, channels 2, bit depth 8");
    // one wire pixel of 64 per image
    assertThat(r.out()).containsPattern("d01 +1\\.56 +0\\.00 +0\\.00 +0\\.00 +0\\.00");
  }

  @Test
  void eachProblemIsOneLineNamingTheFileAndExitIsTwo() throws IOException {
    sample("d01_a");
    sample("d01_b");
    Files.delete(dir.resolve("image/d01_b_buffer1.png"));
    Files.writeString(dir.resolve("lbl/d01_a.png"), "not an image");
    CliRun r = CliRun.of("data", "check", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().filter(l -> l.startsWith("problem: "))).containsExactlyInAnyOrder(
        "problem: " + dir.resolve("image/d01_b_buffer1.png") + ": missing buffer 1 of d01_b (other images have 2 buffers)",
        "problem: " + dir.resolve("lbl/d01_a.png") + ": not a readable image (expected PNG, TIFF, JPEG or BMP)");
    assertThat(r.err()).contains("error: 2 problem(s) found");
  }

  @Test
  void missingFolderIsBadInput() {
    CliRun r = CliRun.of("data", "check", dir.resolve("nope").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: " + dir.resolve("nope") + ": folder not found");
  }

  @Test
  void badOptionValueIsBadInput() throws IOException {
    sample("d01_a");
    CliRun r = CliRun.of("data", "check", "--labels", "rgb", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("label encoding must be ids or bits; got rgb");
  }
}
