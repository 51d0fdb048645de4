package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLayoutsTest {
  @TempDir Path dir;

  /** Writes a two-buffer sample in the authors' layout and returns its image. */
  static AoiImage writeBuffers(Path root, String stem, int h, int w, int bits, long seed) throws IOException {
    AoiImage img = ImageCodecTest.randomImage(2, h, w, bits, seed);
    ImageCodec.writePng(root.resolve("image/" + stem + "_buffer0.png"), img, 0);
    ImageCodec.writePng(root.resolve("image/" + stem + "_buffer1.png"), img, 1);
    return img;
  }

  @Test
  void aoiSslLayoutWithIdLabelsRoundTrips() throws IOException {
    AoiImage a = writeBuffers(dir, "d01_0001", 3, 4, 16, 1);
    writeBuffers(dir, "d02_0001", 3, 4, 16, 2);
    Mask m = MaskCodecTest.sampleMask();
    MaskCodec.write(dir.resolve("lbl/d01_0001.png"), m, LabelEncoding.IDS);
    MaskCodec.write(dir.resolve("lbl/d02_0001.png"), m, LabelEncoding.IDS);

    Dataset ds = DatasetLayouts.open(dir, DatasetOptions.DEFAULT);
    assertThat(ds.layout()).isEqualTo("aoi-ssl");
    assertThat(ds.problems()).isEmpty();
    assertThat(ds.samples()).extracting(Sample::id).containsExactly("d01_0001", "d02_0001");
    assertThat(ds.devices()).containsExactly("d01", "d02");
    Example e = ds.read(ds.samples().get(0));
    assertThat(e.image().channels()).isEqualTo(2);
    assertThat(e.image().bitDepth()).isEqualTo(16);
    assertThat(e.image().data()).containsExactly(a.data());
    assertThat(e.mask().get(0, 0, 1)).isTrue();
    assertThat(e.mask().get(3, 0, 1)).isFalse(); // ids are single-label
    assertThat(e.mask().isIgnored(2, 0)).isTrue();
  }

  @Test
  void bitmaskLayoutFromManifestKeepsMultiLabel() throws IOException {
    writeBuffers(dir, "d01_0001", 3, 4, 8, 3);
    MaskCodec.write(dir.resolve("lbl/d01_0001.png"), MaskCodecTest.sampleMask(), LabelEncoding.BITS);
    new DatasetManifest("bitmask", LabelEncoding.BITS, ClassSet.DEFAULT, Map.of("seed", "3")).write(dir);
    Dataset ds = DatasetLayouts.open(dir, DatasetOptions.DEFAULT);
    assertThat(ds.layout()).isEqualTo("bitmask");
    assertThat(ds.read(ds.samples().get(0)).mask()).isEqualTo(MaskCodecTest.sampleMask());
    assertThat(DatasetManifest.readIfPresent(dir).provenance()).containsEntry("seed", "3");
  }

  @Test
  void unlabeledFlatFolderOfBufferPairs() throws IOException {
    AoiImage img = ImageCodecTest.randomImage(2, 5, 5, 8, 9);
    ImageCodec.writePng(dir.resolve("x_buffer_0.png"), img, 0);
    ImageCodec.writePng(dir.resolve("x_buffer_1.png"), img, 1);
    Dataset ds = DatasetLayouts.open(dir, DatasetOptions.DEFAULT);
    assertThat(ds.samples()).hasSize(1);
    Example e = ds.read(ds.samples().get(0));
    assertThat(e.labeled()).isFalse();
    assertThat(e.image().data()).containsExactly(img.data());
    assertThat(ds.samples().get(0).device()).isEqualTo("default"); // stem "x" has no underscore
  }

  @Test
  void plainLayoutWithOneAndManyChannels() throws IOException {
    AoiImage gray = ImageCodecTest.randomImage(1, 4, 6, 16, 4);
    ImageCodec.writePng(dir.resolve("images/a.png"), gray, 0);
    AoiImage three = ImageCodecTest.randomImage(3, 4, 6, 8, 5);
    ImageCodec.writeTiff(dir.resolve("images/b.tif"), three);
    Mask m = new Mask(2, 4, 6);
    m.set(1, 3, 5, true);
    MaskCodec.write(dir.resolve("masks/a.png"), m, LabelEncoding.IDS);
    MaskCodec.write(dir.resolve("masks/b.png"), m, LabelEncoding.IDS);
    Dataset ds = DatasetLayouts.open(dir, DatasetOptions.DEFAULT.withClasses(ClassSet.of("defect", "pad")));
    assertThat(ds.layout()).isEqualTo("plain");
    assertThat(ds.read(ds.samples().get(0)).image().channels()).isEqualTo(1);
    Example b = ds.read(ds.samples().get(1));
    assertThat(b.image().channels()).isEqualTo(3);
    assertThat(b.image().data()).containsExactly(three.data());
    assertThat(b.mask()).isEqualTo(m);
  }

  @Test
  void splitFoldersAreOpenedEach() throws IOException {
    writeBuffers(dir.resolve("train"), "d01_0001", 3, 3, 8, 1);
    writeBuffers(dir.resolve("pretrain"), "d01_0002", 3, 3, 8, 2);
    Files.createDirectories(dir.resolve("notes"));
    List<Dataset> all = DatasetLayouts.openAll(dir, DatasetOptions.DEFAULT);
    assertThat(all).extracting(d -> d.root().getFileName().toString()).containsExactly("pretrain", "train");
  }

  @Test
  void folderWithNothingIsAnEmptyDataset() throws IOException {
    Files.createDirectories(dir.resolve("image"));
    assertThatThrownBy(() -> DatasetLayouts.openAll(dir, DatasetOptions.DEFAULT))
        .isInstanceOf(BadInputException.class).hasMessage(dir + ": empty dataset: no images found "
            + "(expected image/<stem>_buffer0.png, images/, or split folders holding them)");
    assertThatThrownBy(() -> DatasetLayouts.open(dir.resolve("missing"), DatasetOptions.DEFAULT))
        .isInstanceOf(BadInputException.class).hasMessageEndingWith("folder not found");
  }

  @Test
  void unknownLayoutAndNewerManifestAreRefused() throws IOException {
    writeBuffers(dir, "a_1", 2, 2, 8, 1);
    assertThatThrownBy(() -> DatasetLayouts.open(dir, DatasetOptions.DEFAULT.withLayout("voc")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("unknown layout 'voc'");
    Files.writeString(dir.resolve("dataset.json"), "{\"format\": \"aoissl-dataset\", \"version\": 9}");
    assertThatThrownBy(() -> DatasetLayouts.open(dir, DatasetOptions.DEFAULT))
        .isInstanceOf(org.aoissl.io.FormatTooNewException.class);
    Files.writeString(dir.resolve("dataset.json"), "{\"format\": ");
    assertThatThrownBy(() -> DatasetLayouts.open(dir, DatasetOptions.DEFAULT))
        .isInstanceOf(BadInputException.class).hasMessageContaining("malformed JSON at line");
  }
}
