package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.aoissl.io.BadInputException;
import org.aoissl.io.CorruptFileException;
import org.aoissl.io.FormatTooNewException;
import org.aoissl.io.FormatTooOldException;
import org.aoissl.io.FormatUtil;
import org.aoissl.io.TruncatedFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsFileTest {
  @TempDir Path dir;

  private static ChannelStats sample() {
    SplittableRandom rnd = new SplittableRandom(2024);
    ChannelStatsAccumulator acc = new ChannelStatsAccumulator(2);
    for (int i = 0; i < 3; i++) {
      float[] d = new float[2 * 8 * 9];
      for (int j = 0; j < d.length; j++) {
        d[j] = (float) rnd.nextDouble();
      }
      acc.add(new AoiImage(2, 8, 9, 16, d));
    }
    return acc.result();
  }

  @Test
  void roundTripKeepsEveryValue() throws IOException {
    Path file = dir.resolve("train.stats");
    ChannelStats stats = sample();
    StatsFile.write(file, stats);
    assertThat(StatsFile.read(file)).isEqualTo(stats);
  }

  @Test
  void bytesFollowTheDocumentedLayout() throws IOException {
    Path file = dir.resolve("layout.stats");
    ChannelStats stats = sample();
    StatsFile.write(file, stats);
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    assertThat(b.capacity()).isEqualTo(4210);
    int body = 4 + 2 + StatsFile.CODEC.length() + 4;
    assertThat(body).isEqualTo(22);
    assertThat(b.getInt(18)).isEqualTo(StatsFile.VERSION);
    assertThat(b.getInt(body)).isEqualTo(2);
    assertThat(b.getLong(body + 4)).isEqualTo(3 * 8 * 9);
    int channel1 = body + 12 + 32 + 256 * 8;
    assertThat(b.getDouble(channel1)).isEqualTo(stats.mean()[1]);
    assertThat(b.getDouble(channel1 + 8)).isEqualTo(stats.std()[1]);
    assertThat(b.getDouble(channel1 + 16)).isEqualTo(stats.min()[1]);
    assertThat(b.getDouble(channel1 + 24)).isEqualTo(stats.max()[1]);
    assertThat(b.getLong(channel1 + 32 + 8 * 255)).isEqualTo(stats.histogram()[1][255]);
    assertThat(b.getInt(4210 - 16)).isEqualTo(FormatUtil.FOOTER_MAGIC);
  }

  @Test
  void everySingleByteFlipIsRejected() throws IOException {
    Path good = dir.resolve("good.stats");
    StatsFile.write(good, sample());
    byte[] bytes = Files.readAllBytes(good);
    Path bad = dir.resolve("bad.stats");
    int corrupt = 0;
    int truncated = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte[] copy = bytes.clone();
      copy[i] ^= (byte) 0xFF;
      Files.write(bad, copy);
      try {
        StatsFile.read(bad);
        fail("flipping byte " + i + " of " + bytes.length + " went unnoticed");
      } catch (CorruptFileException e) {
        corrupt++;
      } catch (TruncatedFileException e) {
        truncated++; // a damaged footer magic reads as a cut file
      } catch (BadInputException e) {
        fail("byte " + i + ": expected corrupt or truncated, got " + e);
      }
    }
    assertThat(corrupt + truncated).isEqualTo(bytes.length);
    assertThat(truncated).isEqualTo(4);
  }

  @Test
  void everyTruncationIsRejected() throws IOException {
    Path good = dir.resolve("good.stats");
    StatsFile.write(good, sample());
    byte[] bytes = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.stats");
    for (int len = 0; len < bytes.length; len++) {
      Files.write(cut, Arrays.copyOf(bytes, len));
      try {
        StatsFile.read(cut);
        fail("a file cut to " + len + " of " + bytes.length + " bytes was read");
      } catch (TruncatedFileException | CorruptFileException e) {
        // expected
      } catch (BadInputException e) {
        fail("length " + len + ": expected truncated or corrupt, got " + e);
      }
    }
  }

  @Test
  void newerAndOlderVersionsAreToldApart() throws IOException {
    ChannelStats stats = sample();
    Path newer = dir.resolve("v2.stats");
    FormatUtil.write(newer, StatsFile.CODEC, 2, out -> writeBodyV1(out, stats));
    assertThatThrownBy(() -> StatsFile.read(newer))
        .isInstanceOf(FormatTooNewException.class)
        .hasMessageContaining("v2.stats")
        .hasMessageContaining("too new");
    Path older = dir.resolve("v0.stats");
    FormatUtil.write(older, StatsFile.CODEC, 0, out -> writeBodyV1(out, stats));
    assertThatThrownBy(() -> StatsFile.read(older))
        .isInstanceOf(FormatTooOldException.class)
        .hasMessageContaining("too old");
  }

  @Test
  void wellChecksummedButInconsistentContentIsCorrupt() throws IOException {
    Path zeroChannels = dir.resolve("zero.stats");
    FormatUtil.write(zeroChannels, StatsFile.CODEC, 1, out -> {
      out.writeInt(0);
      out.writeLong(1);
    });
    assertThatThrownBy(() -> StatsFile.read(zeroChannels))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("channel count 0");

    Path badSum = dir.resolve("sum.stats");
    FormatUtil.write(badSum, StatsFile.CODEC, 1, out -> {
      out.writeInt(1);
      out.writeLong(5);
      for (int i = 0; i < 4; i++) {
        out.writeDouble(0.5);
      }
      for (int b = 0; b < 256; b++) {
        out.writeLong(b == 0 ? 4 : 0);
      }
    });
    assertThatThrownBy(() -> StatsFile.read(badSum))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("histogram holds 4 pixels, expected 5");

    Path otherCodec = dir.resolve("other.bin");
    FormatUtil.write(otherCodec, "aoissl.bank", 1, out -> out.writeInt(1));
    assertThatThrownBy(() -> StatsFile.read(otherCodec))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("other.bin");

    assertThatThrownBy(() -> StatsFile.read(dir.resolve("missing.stats")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("not found");
  }

  /** The version-1 body, written independently of {@link StatsFile} to pin the layout down. */
  private static void writeBodyV1(DataOutputStream out, ChannelStats s) throws IOException {
    out.writeInt(s.channels());
    out.writeLong(s.count());
    for (int c = 0; c < s.channels(); c++) {
      out.writeDouble(s.mean()[c]);
      out.writeDouble(s.std()[c]);
      out.writeDouble(s.min()[c]);
      out.writeDouble(s.max()[c]);
      for (long n : s.histogram()[c]) {
        out.writeLong(n);
      }
    }
  }
}
