package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ChannelStats;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.StatsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataStatsCommandTest {
  @TempDir Path dir;

  @Test
  void statsOverSplitsAreSavedAndReadBack() throws IOException {
    // buffer 0 is 0 and 1 (mean 0.5); buffer 1 is constant 51/255 = 0.2
    AoiImage img = new AoiImage(2, 1, 2, 8, new float[] {0f, 1f, 0.2f, 0.2f});
    for (String split : new String[] {"train", "pretrain"}) {
      ImageCodec.writePng(dir.resolve(split + "/image/a_buffer0.png"), img, 0);
      ImageCodec.writePng(dir.resolve(split + "/image/a_buffer1.png"), img, 1);
    }
    CliRun r = CliRun.of("data", "stats", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    ChannelStats s = StatsFile.read(dir.resolve(DataStatsCommand.DEFAULT_FILE));
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.mean()[0]).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.std()[0]).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.mean()[1]).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(r.out()).contains("4 pixels per channel");
  }

  @Test
  void emptyDatasetIsBadInput() throws IOException {
    java.nio.file.Files.createDirectories(dir.resolve("images"));
    CliRun r = CliRun.of("data", "stats", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(dir + ": empty dataset: no images found");
    assertThat(dir.resolve(DataStatsCommand.DEFAULT_FILE)).doesNotExist();
  }
}
