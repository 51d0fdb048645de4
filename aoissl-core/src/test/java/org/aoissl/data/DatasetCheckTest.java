package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bad-input table: each problem is found, named with its file, and reported as one line. */
class DatasetCheckTest {
  @TempDir Path dir;

  private List<String> problems() throws IOException {
    Dataset ds = DatasetLayouts.open(dir, DatasetOptions.DEFAULT);
    return DatasetCheck.run(ds, i -> {}).problems().stream().map(BadInputException::getMessage).toList();
  }

  private void labeled(String stem) throws IOException {
    DatasetLayoutsTest.writeBuffers(dir, stem, 4, 4, 8, stem.hashCode());
    MaskCodec.write(dir.resolve("lbl/" + stem + ".png"), new Mask(4, 4, 4), LabelEncoding.IDS);
  }

  @Test
  void cleanDatasetHasNoProblemsAndCountsClasses() throws IOException {
    labeled("d01_a");
    Mask m = new Mask(4, 4, 4);
    m.set(0, 0, 0, true);
    m.set(0, 0, 1, true);
    m.set(3, 1, 1, true);
    m.setIgnored(3, 3, true);
    MaskCodec.write(dir.resolve("lbl/d01_a.png"), m, LabelEncoding.IDS);
    DatasetCheck.Report r = DatasetCheck.run(DatasetLayouts.open(dir, DatasetOptions.DEFAULT), i -> {});
    assertThat(r.ok()).isTrue();
    assertThat(r.images()).isEqualTo(1);
    assertThat(r.labeled()).isEqualTo(1);
    assertThat(r.sizes()).containsEntry("4x4", 1);
    assertThat(r.classFraction("d01", 0)).isEqualTo(2 / 15.0); // 15 valid pixels
    assertThat(r.classFraction("*", 3)).isEqualTo(1 / 15.0);
    assertThat(r.ignoreFraction("d01")).isEqualTo(1 / 16.0);
  }

  @Test
  void unreadableImage() throws IOException {
    labeled("d01_a");
    Path junk = dir.resolve("image/d01_a_buffer1.png");
    Files.writeString(junk, "garbage");
    assertThat(problems()).singleElement().asString().startsWith(junk + ": ").contains("not a readable image");
  }

  @Test
  void bufferPairWithDifferentSizes() throws IOException {
    labeled("d01_a");
    Path b1 = dir.resolve("image/d01_a_buffer1.png");
    ImageCodec.writePng(b1, AoiImage.zeros(1, 4, 5, 8), 0);
    assertThat(problems()).containsExactly(b1 + ": buffer size 5x4 differs from d01_a_buffer0.png (4x4)");
  }

  @Test
  void missingBuffer() throws IOException {
    labeled("d01_a");
    labeled("d01_b");
    Files.delete(dir.resolve("image/d01_b_buffer1.png"));
    assertThat(problems()).containsExactly(dir.resolve("image/d01_b_buffer1.png")
        + ": missing buffer 1 of d01_b (other images have 2 buffers)");
  }

  @Test
  void labelIdOutsideTheClassSet() throws IOException {
    labeled("d01_a");
    Path lbl = dir.resolve("lbl/d01_a.png");
    int[] v = new int[16];
    v[5] = 9;
    ImageCodec.writeLabels(lbl, 4, 4, v);
    assertThat(problems()).singleElement().asString()
        .startsWith(lbl + ": label value 9 at (x=1, y=1) is outside the class set");
  }

  @Test
  void maskSizeDiffersFromImage() throws IOException {
    labeled("d01_a");
    Path lbl = dir.resolve("lbl/d01_a.png");
    MaskCodec.write(lbl, new Mask(4, 3, 4), LabelEncoding.IDS);
    assertThat(problems()).containsExactly(lbl + ": mask size 4x3 differs from image d01_a (4x4)");
  }

  @Test
  void missingLabelAndOrphanLabel() throws IOException {
    labeled("d01_a");
    labeled("d01_b");
    Files.delete(dir.resolve("lbl/d01_b.png"));
    MaskCodec.write(dir.resolve("lbl/d01_zz.png"), new Mask(4, 4, 4), LabelEncoding.IDS);
    assertThat(problems()).containsExactly(
        dir.resolve("lbl/d01_b.png") + ": missing label for image d01_b",
        dir.resolve("lbl/d01_zz.png") + ": label has no image (no d01_zz_buffer0 in image/)");
  }

  @Test
  void emptyPlainDataset() throws IOException {
    Files.createDirectories(dir.resolve("images"));
    assertThat(problems()).containsExactly(dir + ": empty dataset: no images found");
  }
}
