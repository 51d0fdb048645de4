package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aoissl.data.AoiImage;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.Example;
import org.aoissl.data.ImageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataConvertCommandTest {
  @TempDir Path dir;

  @Test
  void cocoToBitmaskKeepsMultiLabelAndWritesOverlays() throws IOException {
    Path src = dir.resolve("coco");
    ImageCodec.writePng(src.resolve("images/d01_a.png"), new AoiImage(1, 2, 3, 16,
        new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1}), 0);
    Files.writeString(src.resolve("ann.json"), """
        {"images": [{"id": 1, "file_name": "d01_a.png", "width": 3, "height": 2}],
         "categories": [{"id": 1, "name": "Wire"}, {"id": 2, "name": "glue"}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[0,0, 2,0, 2,1, 0,1]]},
                         {"id": 2, "image_id": 1, "category_id": 2, "segmentation": [[1,0, 3,0, 3,2, 1,2]]}]}
        """);
    Path out = dir.resolve("bits");
    CliRun r = CliRun.of("data", "convert", src.toString(), "--to", "bitmask", "--out", out.toString(),
        "--overlays", "--per-class", "--class-map", "glue=epoxy");
    assertThat(r.code()).as(r.err()).isZero();
    var ds = DatasetLayouts.open(out, DatasetOptions.DEFAULT);
    assertThat(ds.layout()).isEqualTo("bitmask");
    Example e = ds.read(ds.samples().get(0));
    assertThat(e.image().bitDepth()).isEqualTo(16);
    assertThat(e.image().get(0, 1, 0)).isEqualTo(49151 / 65535f); // 0.75 at 16 bits
    assertThat(e.mask().classBits(0, 1)).isEqualTo(0b1001); // wire and epoxy
    assertThat(e.mask().classBits(1, 2)).isEqualTo(0b1000);
    assertThat(out.resolve("overlay/d01_a.png")).exists();
    assertThat(ImageCodec.readLabels(out.resolve("per-class/d01_a_epoxy.png"))[1]).containsExactly(0, 255, 255);
  }

  @Test
  void existingOutputIsRefusedAndNothingIsWritten() throws IOException {
    Path src = dir.resolve("plain");
    ImageCodec.writePng(src.resolve("images/a.png"), AoiImage.zeros(1, 2, 2, 8), 0);
    Path out = dir.resolve("taken");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "mine");
    CliRun r = CliRun.of("data", "convert", src.toString(), "--to", "plain", "--out", out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(out + ": output folder exists and is not empty");
    try (var s = Files.list(out)) {
      assertThat(s).containsExactly(out.resolve("keep.txt"));
    }
  }
}
