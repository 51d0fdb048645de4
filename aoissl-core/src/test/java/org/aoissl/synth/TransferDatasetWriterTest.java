package org.aoissl.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.Example;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferDatasetWriterTest {
  @TempDir Path dir;

  /** Small and fast: 320×256 at half scale, one image per device and split. */
  private static TransferConfig small(long seed, int channels, int threads) {
    return new TransferConfig(seed, 320, 256, 0.5, 1.4, DieLook.DARK_DIE, channels, 8,
        LabelEncoding.BITS, 1, 1, 1, threads);
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedDiffers() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Path c = dir.resolve("c");
    TransferDatasetWriter.write(a, small(5, 1, 2), () -> {});
    TransferDatasetWriter.write(b, small(5, 1, 1), () -> {}); // thread count must not matter
    TransferDatasetWriter.write(c, small(6, 1, 2), () -> {});
    List<String> names = files(a);
    assertThat(names).hasSize(3 + 6 * (2 + 2 + 1)); // 3 manifests; per device 2 labeled pairs, 1 image
    assertThat(files(b)).isEqualTo(names);
    for (String f : names) {
      assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
    }
    int differing = 0;
    for (String f : names) {
      if (f.endsWith(".png") && !java.util.Arrays.equals(Files.readAllBytes(c.resolve(f)),
          Files.readAllBytes(a.resolve(f)))) {
        differing++;
      }
    }
    assertThat(differing).isEqualTo(6 * 5);
  }

  @Test
  void oneChannelNonSquareDatasetReadsBackWithItsShapeAndDevices() throws IOException {
    Path root = dir.resolve("t");
    SynthDatasetWriter.Summary s = TransferDatasetWriter.write(root, small(9, 1, 2), () -> {});
    assertThat(s.imagesPerSplit()).containsEntry("train", 6).containsEntry("test", 6)
        .containsEntry("pretrain", 6);
    List<Dataset> sets = DatasetLayouts.openAll(root, DatasetOptions.DEFAULT);
    assertThat(sets).extracting(d -> d.root().getFileName().toString())
        .containsExactly("pretrain", "test", "train");
    for (Dataset d : sets) {
      assertThat(d.problems()).isEmpty();
      assertThat(d.devices()).containsExactlyInAnyOrderElementsOf(TransferDevices.IDS);
      for (Sample sample : d.samples()) {
        Example e = d.read(sample);
        assertThat(e.image().channels()).isEqualTo(1);
        assertThat(e.image().width()).isEqualTo(320);
        assertThat(e.image().height()).isEqualTo(256);
        if (d.isLabeled(sample)) {
          assertThat(e.mask().width()).isEqualTo(320);
          assertThat(e.mask().height()).isEqualTo(256);
        }
      }
    }
    Dataset train = sets.get(2);
    assertThat(train.samples().stream().filter(x -> x.device().equals("a-frame")))
        .extracting(Sample::id).containsExactly("a-frame_00000");
  }

  @Test
  void twoChannelsWriteBothBuffers() throws IOException {
    Path root = dir.resolve("two");
    TransferDatasetWriter.write(root, small(9, 2, 2), () -> {});
    assertThat(files(root)).contains("train/image/a-light_00000_buffer0.png",
        "train/image/a-light_00000_buffer1.png", "test/lbl/b_00001.png",
        "pretrain/image/c_00002_buffer1.png");
    Dataset test = DatasetLayouts.open(root.resolve("test"), DatasetOptions.DEFAULT);
    assertThat(test.read(test.samples().get(0)).image().channels()).isEqualTo(2);
  }
}
