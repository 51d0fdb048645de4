package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationLayoutTest {
  @TempDir Path dir;

  private static final String COCO = """
      {"images": [{"id": 1, "file_name": "d01_a.png", "width": 4, "height": 3},
                  {"id": 2, "file_name": "d01_gone.png", "width": 4, "height": 3}],
       "categories": [{"id": 7, "name": "bond_wire"}, {"id": 8, "name": "epoxy"}],
       "annotations": [{"id": 1, "image_id": 1, "category_id": 7, "segmentation": [[0,0, 2,0, 2,1, 0,1]]},
                       {"id": 2, "image_id": 1, "category_id": 8, "segmentation": [[1,0, 4,0, 4,3, 1,3]]}]}
      """;

  @Test
  void cocoCategoryWithoutAClassIsRefused() throws IOException {
    ImageCodec.writePng(dir.resolve("images/d01_a.png"), AoiImage.zeros(1, 3, 4, 8), 0);
    Files.writeString(dir.resolve("annotations.json"), COCO);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatasetLayouts.open(dir, DatasetOptions.DEFAULT))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(dir.resolve("annotations.json") + ": ")
        .hasMessageContaining("bond_wire");
  }

  @Test
  void cocoWithClassMap() throws IOException {
    ImageCodec.writePng(dir.resolve("images/d01_a.png"), AoiImage.zeros(1, 3, 4, 8), 0);
    Files.writeString(dir.resolve("annotations.json"), COCO);
    DatasetOptions opts = new DatasetOptions(null, null, null, Map.of("bond_wire", "wire"), 3);
    Dataset ds = DatasetLayouts.open(dir, opts);
    assertThat(ds.layout()).isEqualTo("coco");
    assertThat(ds.problems()).extracting(BadInputException::getMessage).containsExactly(
        dir.resolve("images/d01_gone.png") + ": image named in annotations.json not found");
    Example e = ds.read(ds.samples().get(0));
    // wire on row 0, x 0..1; epoxy on x 1..3 of every row: pixel (1,0) is both
    assertThat(e.mask().classBits(0, 0)).isEqualTo(0b0001);
    assertThat(e.mask().classBits(0, 1)).isEqualTo(0b1001);
    assertThat(e.mask().classBits(2, 3)).isEqualTo(0b1000);
    assertThat(e.mask().classBits(1, 0)).isZero();
  }

  @Test
  void viaExportIsDetected() throws IOException {
    ImageCodec.writePng(dir.resolve("d01_a.png"), AoiImage.zeros(1, 3, 4, 8), 0);
    Files.writeString(dir.resolve("via_export.json"), """
        {"d01_a.png123": {"filename": "d01_a.png", "size": 123, "file_attributes": {},
          "regions": [{"shape_attributes": {"name": "rect", "x": 0, "y": 1, "width": 2, "height": 2},
                       "region_attributes": {"type": "ball"}}]}}
        """);
    Dataset ds = DatasetLayouts.open(dir, DatasetOptions.DEFAULT);
    assertThat(ds.layout()).isEqualTo("via");
    Mask m = ds.read(ds.samples().get(0)).mask();
    assertThat(m.count(1)).isEqualTo(4);
    assertThat(m.get(1, 2, 1)).isTrue();
    assertThat(m.get(1, 0, 0)).isFalse();
  }
}
