package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
  @TempDir Path dir;

  /**
   * Two 4x6 images, default classes. Ground truth (ids: 1 wire, 4 epoxy, x ignore) and bit-packed
   * predictions (1 wire, 8 epoxy):
   * <pre>
   *   gt a   pred a     gt b   pred b
   *   1111.. 1111..     11.... 111111
   *   .....x .....1     ...... ......
   *   ..44.. ..88..     ...... ......
   *   ..44.. ..888.     ...... ......
   * </pre>
   */
  @BeforeEach
  void write() throws IOException {
    sample("d01_a", mask("1111..", ".....x", "..44..", "..44.."));
    sample("d01_b", mask("11....", "......", "......", "......"));
    MaskCodec.write(dir.resolve("pred/labels/d01_a.png"),
        bits("1111..", ".....1", "..88..", "..888."), LabelEncoding.BITS);
    MaskCodec.write(dir.resolve("pred/labels/d01_b.png"),
        bits("111111", "......", "......", "......"), LabelEncoding.BITS);
  }

  private void sample(String stem, Mask gt) throws IOException {
    AoiImage img = AoiImage.zeros(2, 4, 6, 8);
    ImageCodec.writePng(dir.resolve("gt/image/" + stem + "_buffer0.png"), img, 0);
    ImageCodec.writePng(dir.resolve("gt/image/" + stem + "_buffer1.png"), img, 1);
    MaskCodec.write(dir.resolve("gt/lbl/" + stem + ".png"), gt, LabelEncoding.IDS);
  }

  /** Digits are class ids (1 = class 0), x = ignore. */
  private static Mask mask(String... rows) {
    Mask m = new Mask(4, rows.length, rows[0].length());
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[y].length(); x++) {
        char c = rows[y].charAt(x);
        if (c == 'x') {
          m.setIgnored(y, x, true);
        } else if (c != '.') {
          m.set(c - '1', y, x, true);
        }
      }
    }
    return m;
  }

  /** Digits are class bit sets (8 = class 3). */
  private static Mask bits(String... rows) {
    Mask m = new Mask(4, rows.length, rows[0].length());
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[y].length(); x++) {
        char c = rows[y].charAt(x);
        if (c != '.') {
          m.setClassBits(y, x, c - '0');
        }
      }
    }
    return m;
  }

  @Test
  void printsTheTableAndWritesTheJson() throws IOException {
    Path json = dir.resolve("out/scores.json");
    CliRun r = CliRun.of("eval", "--pred", dir.resolve("pred").toString(),
        "--gt", dir.resolve("gt").toString(), "--out", json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String t = r.out();
    assertThat(t).contains("pooled = intersection and union summed over all 2 images");
    // wire: IoU pooled 6/10, per image (4/4 + 2/6)/2; clDice: skeleton counts a (4,4,4,4),
    // b (2,6,2,2) -> Tprec 0.6, Tsens 1 -> 0.75; boundary (2 px): precision 8/10, recall 1.
    assertThat(t).containsPattern("\nwire +0\\.6000 +0\\.6667 +0\\.7500 +0\\.8889\n");
    assertThat(t).containsPattern("\nball +- +- +- +-\n");
    // epoxy: TP 4, FP 1 -> 0.8. Centerlines: the gt 2x2 block keeps its pixel (2,2), the predicted
    // 5-px shape thins to (3,3); each lies in the other mask -> clDice 1. Boundaries all within 2 px.
    assertThat(t).containsPattern("\nepoxy +0\\.8000 +0\\.8000 +1\\.0000 +1\\.0000\n");
    assertThat(t).containsPattern("\nmean +0\\.7000 +0\\.7333 +0\\.8750 +0\\.9444\n");
    // Confusion: wire/wire 6, epoxy/epoxy 4, none/wire 4, none/epoxy 1, none/none 32 (one ignored).
    assertThat(t).containsPattern("\nwire +6 +0 +0 +0 +0\n");
    assertThat(t).containsPattern("\nnone +4 +0 +0 +1 +32\n");
    assertThat(t).contains("wrote " + json);
    JsonNode j = new ObjectMapper().readTree(json.toFile());
    assertThat(j.get("images").asInt()).isEqualTo(2);
    assertThat(j.at("/miou/pooled").asDouble()).isCloseTo(0.7, within(1e-12));
    assertThat(j.at("/classes/0/name").asText()).isEqualTo("wire");
    assertThat(j.at("/classes/0/iou").asDouble()).isCloseTo(0.6, within(1e-12));
    assertThat(j.at("/classes/0/clDice").asDouble()).isCloseTo(0.75, within(1e-12));
    assertThat(j.at("/classes/1/iou").isNull()).isTrue();
    assertThat(j.at("/confusion/counts/4/4").asLong()).isEqualTo(32);
    assertThat(j.at("/boundaryTolerancePx").asInt()).isEqualTo(2);
  }

  @Test
  void toleranceZeroLowersBoundaryF1() {
    CliRun r = CliRun.of("eval", "--pred", dir.resolve("pred").toString(),
        "--gt", dir.resolve("gt").toString(), "--tolerance", "0");
    assertThat(r.code()).as(r.err()).isZero();
    // wire boundary at 0 px: predicted 8 of 10 on a gt boundary pixel? a: 4/4, b: 2/6 -> 6/10; recall 1.
    assertThat(r.out()).containsPattern("\nwire +0\\.6000 +0\\.6667 +0\\.7500 +0\\.7500\n");
  }

  @Test
  void aMissingPredictionExitsTwoWithOneLine() throws IOException {
    Files.delete(dir.resolve("pred/labels/d01_b.png"));
    Path json = dir.resolve("scores.json");
    CliRun r = CliRun.of("eval", "--pred", dir.resolve("pred").toString(),
        "--gt", dir.resolve("gt").toString(), "--out", json.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: " + dir.resolve("pred/labels/d01_b.png")
        + ": missing prediction for ground-truth image d01_b");
    assertThat(json).doesNotExist();
  }
}
