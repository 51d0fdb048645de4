package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aoissl.io.BadInputException;
import org.aoissl.pretrain.PretrainData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs a listing leaves out are listed with their reason, for every loader, and summarised in one line. */
class SkippedInputTest {
  @TempDir Path dir;

  /** d01_a labeled, d01_b missing its second buffer, d01_c unlabeled, a duplicate buffer and an orphan label. */
  private void flawedAoiSsl() throws IOException {
    AoiImage a = DatasetLayoutsTest.writeBuffers(dir, "d01_a", 3, 4, 8, 1);
    DatasetLayoutsTest.writeBuffers(dir, "d01_b", 3, 4, 8, 2);
    DatasetLayoutsTest.writeBuffers(dir, "d01_c", 3, 4, 8, 3);
    Files.delete(dir.resolve("image/d01_b_buffer1.png"));
    ImageCodec.writeTiff(dir.resolve("image/d01_a_buffer0.tif"), AoiImage.stack(List.of(
        new AoiImage(1, 3, 4, 8, a.channel(1)))));
    MaskCodec.write(dir.resolve("lbl/d01_a.png"), MaskCodecTest.sampleMask(), LabelEncoding.IDS);
    MaskCodec.write(dir.resolve("lbl/d01_b.png"), MaskCodecTest.sampleMask(), LabelEncoding.IDS);
    MaskCodec.write(dir.resolve("lbl/d01_zz.png"), MaskCodecTest.sampleMask(), LabelEncoding.IDS);
  }

  @Test
  void aoiSslListingNamesOrphanLabelMissingBufferAndDuplicate() throws IOException {
    flawedAoiSsl();
    Dataset ds = DatasetLayouts.open(dir, DatasetOptions.DEFAULT);
    assertThat(ds.samples()).extracting(Sample::id).containsExactly("d01_a", "d01_c");
    // The first of two files with one stem and index is kept.
    assertThat(ds.samples().get(0).imageFiles().get(0)).isEqualTo(dir.resolve("image/d01_a_buffer0.png"));
    assertThat(ds.skipped()).extracting(SkippedInput::reason, SkippedInput::file).containsExactly(
        tuple("duplicate buffer", dir.resolve("image/d01_a_buffer0.tif")),
        tuple("missing buffer", dir.resolve("image/d01_b_buffer1.png")),
        tuple("orphan label", dir.resolve("lbl/d01_zz.png")));
    // Each skipped input is a problem data check reports; the missing label of d01_c skips nothing.
    List<String> problems = ds.problems().stream().map(BadInputException::getMessage).toList();
    assertThat(problems).containsAll(ds.skipped().stream().map(s -> s.problem().getMessage()).toList())
        .anyMatch(m -> m.contains("missing label for image d01_c"));
    assertThat(DatasetCheck.run(ds, i -> {}).problems()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(SkippedInput.summary(ds.skipped(), 3)).isEqualTo(
        "duplicate buffer: d01_a_buffer0.tif; missing buffer: d01_b_buffer1.png; orphan label: d01_zz.png");
  }

  @Test
  void plainListingNamesDuplicateStemAndOrphanMaskAndReadsJpegAndBmp() throws IOException {
    AoiImage img = ImageCodecTest.randomImage(1, 3, 4, 8, 4);
    ImageCodec.writePng(dir.resolve("images/a.png"), img, 0);
    Files.copy(dir.resolve("images/a.png"), dir.resolve("images/a.jpg")); // content sniffed, not the name
    ImageCodec.writePng(dir.resolve("images/b.png"), img, 0);
    javax.imageio.ImageIO.write(ImageCodec.toBuffered(img, 0), "bmp", dir.resolve("images/c.bmp").toFile());
    MaskCodec.write(dir.resolve("masks/a.png"), MaskCodecTest.sampleMask(), LabelEncoding.IDS);
    MaskCodec.write(dir.resolve("masks/b.png"), MaskCodecTest.sampleMask(), LabelEncoding.IDS);
    MaskCodec.write(dir.resolve("masks/c.png"), MaskCodecTest.sampleMask(), LabelEncoding.IDS);
    MaskCodec.write(dir.resolve("masks/d.png"), MaskCodecTest.sampleMask(), LabelEncoding.IDS);
    Dataset ds = DatasetLayouts.open(dir, DatasetOptions.DEFAULT);
    assertThat(ds.samples()).extracting(Sample::id).containsExactly("a", "b", "c");
    assertThat(ds.skipped()).extracting(SkippedInput::reason, SkippedInput::file).containsExactly(
        tuple("duplicate stem", dir.resolve("images/a.png")),
        tuple("orphan label", dir.resolve("masks/d.png")));
    assertThat(ds.read(ds.samples().get(2)).image().data()).containsExactly(img.data());
  }

  @Test
  void labeledSetSkipsUnlabeledImagesUnlessStrict() throws IOException {
    flawedAoiSsl();
    LabeledSet s = LabeledSet.load(dir, DatasetOptions.DEFAULT, null, 0, false);
    assertThat(s.examples()).extracting(e -> e.sample().id()).containsExactly("d01_a");
    assertThat(s.skipped()).extracting(SkippedInput::reason).containsExactly(
        "duplicate buffer", "missing buffer", "orphan label", "missing label");
    assertThat(s.skipped().get(3).file()).isEqualTo(dir.resolve("image/d01_c_buffer0.png"));
    assertThatThrownBy(() -> LabeledSet.load(dir, DatasetOptions.DEFAULT, null, 0))
        .isInstanceOf(BadInputException.class).hasMessageContaining("d01_a_buffer0.tif");
  }

  @Test
  void pretrainingListSkipsNoUnlabeledImage() throws IOException {
    flawedAoiSsl();
    PretrainData.Images images = PretrainData.list(dir, DatasetOptions.DEFAULT, false);
    assertThat(images.samples()).extracting(Sample::id).containsExactly("d01_a", "d01_c");
    assertThat(images.skipped()).extracting(SkippedInput::reason).containsExactly(
        "duplicate buffer", "missing buffer", "orphan label");
    assertThatThrownBy(() -> PretrainData.images(dir, DatasetOptions.DEFAULT)).isInstanceOf(BadInputException.class);
  }

  @Test
  void summaryShowsAFewNamesPerReason() {
    List<SkippedInput> s = List.of(
        new SkippedInput(Path.of("x/a.png"), "orphan label", "a"),
        new SkippedInput(Path.of("x/b.png"), "orphan label", "b"),
        new SkippedInput(Path.of("x/c.png"), "duplicate stem", "c"),
        new SkippedInput(Path.of("x/d.png"), "orphan label", "d"));
    assertThat(SkippedInput.summary(s, 2)).isEqualTo("orphan label: a.png, b.png, ...; duplicate stem: c.png");
    assertThat(s.get(0).problem()).hasMessage(Path.of("x/a.png") + ": a");
  }
}
