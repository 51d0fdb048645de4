package org.aoissl.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatUtilTest {
  @TempDir Path dir;

  private Path writeSample(int version) throws IOException {
    Path f = dir.resolve("sample.bin");
    FormatUtil.write(f, "aoissl.test", version, out -> {
      out.writeInt(3);
      out.writeFloat(1.5f);
      out.writeFloat(-2f);
      out.writeFloat(7.25f);
      out.writeUTF("wire");
    });
    return f;
  }

  private static float[] readSample(Path f) throws IOException {
    return FormatUtil.read(f, "aoissl.test", 1, 1, (in, v) -> {
      float[] a = new float[in.readInt()];
      for (int i = 0; i < a.length; i++) {
        a[i] = in.readFloat();
      }
      assertThat(in.readUTF()).isEqualTo("wire");
      return a;
    });
  }

  @Test
  void roundTripsBody() throws IOException {
    assertThat(readSample(writeSample(1))).containsExactly(1.5f, -2f, 7.25f);
  }

  @Test
  void headerLayoutIsAsDocumented() throws IOException {
    byte[] b = Files.readAllBytes(writeSample(1));
    // magic "AOIS", codec name length 11, "aoissl.test", version 1
    assertThat(Arrays.copyOfRange(b, 0, 4)).containsExactly('A', 'O', 'I', 'S');
    assertThat(b[4] << 8 | b[5]).isEqualTo(11);
    assertThat(new String(b, 6, 11, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("aoissl.test");
    assertThat(b[17] << 24 | b[18] << 16 | b[19] << 8 | b[20]).isEqualTo(1);
    // footer: ~magic, algorithm 0, CRC32 of everything before the CRC
    int n = b.length;
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b, 0, n - 8);
    long stored = java.nio.ByteBuffer.wrap(b, n - 8, 8).getLong();
    assertThat(stored).isEqualTo(crc.getValue());
    assertThat(java.nio.ByteBuffer.wrap(b, n - 16, 4).getInt()).isEqualTo(~FormatUtil.MAGIC);
  }

  @Test
  void everySingleByteFlipIsRefused() throws IOException {
    Path f = writeSample(1);
    byte[] good = Files.readAllBytes(f);
    for (int i = 0; i < good.length; i++) {
      for (int bit : new int[] {0, 7}) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        Files.write(f, bad);
        int pos = i;
        assertThatThrownBy(() -> readSample(f))
            .as("flipped bit %d of byte %d", bit, pos)
            .isInstanceOf(BadInputException.class)
            .hasMessageStartingWith(f.toString() + ": ");
      }
    }
  }

  @Test
  void everyTruncationIsRefused() throws IOException {
    Path f = writeSample(1);
    byte[] good = Files.readAllBytes(f);
    for (int len = 0; len < good.length; len++) {
      Files.write(f, Arrays.copyOf(good, len));
      int l = len;
      assertThatThrownBy(() -> readSample(f))
          .as("truncated to %d bytes", l)
          .isInstanceOf(BadInputException.class);
    }
    // Cutting inside the footer must say truncated, not something vaguer.
    Files.write(f, Arrays.copyOf(good, good.length - 3));
    assertThatThrownBy(() -> readSample(f)).isInstanceOf(TruncatedFileException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void versionsOutsideTheRangeAreNamed() throws IOException {
    Path f = writeSample(2);
    assertThatThrownBy(() -> readSample(f)).isInstanceOf(FormatTooNewException.class)
        .hasMessageContaining("too new");
    Path g = writeSample(0);
    assertThatThrownBy(() -> readSample(g)).isInstanceOf(FormatTooOldException.class)
        .hasMessageContaining("too old");
  }

  @Test
  void wrongCodecAndForeignFilesAreRefused() throws IOException {
    Path f = dir.resolve("other.bin");
    FormatUtil.write(f, "aoissl.other", 1, out -> out.writeInt(1));
    assertThatThrownBy(() -> readSample(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a aoissl.other file, expected aoissl.test");
    Path png = dir.resolve("x.png");
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> readSample(png)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("not an AOI-SSL file");
    assertThatThrownBy(() -> readSample(dir.resolve("missing.bin"))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("file not found");
  }

  @Test
  void bodyThatReadsTooLittleOrTooMuchIsCorrupt() throws IOException {
    Path f = writeSample(1);
    assertThatThrownBy(() -> FormatUtil.read(f, "aoissl.test", 1, 1, (in, v) -> in.readInt()))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("unread bytes");
    assertThatThrownBy(() -> FormatUtil.read(f, "aoissl.test", 1, 1, (in, v) -> in.readNBytes(1000).length == 1000 ? 1 : in.readLong()))
        .isInstanceOf(CorruptFileException.class);
  }

  @Test
  void failedWriteLeavesOldFileAndNoTemporaries() throws IOException {
    Path f = writeSample(1);
    byte[] before = Files.readAllBytes(f);
    assertThatThrownBy(() -> FormatUtil.write(f, "aoissl.test", 1, out -> {
      out.writeInt(99);
      throw new IOException("disk on fire");
    })).hasMessage("disk on fire");
    assertThat(Files.readAllBytes(f)).isEqualTo(before);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("sample.bin");
    }
  }

  @Test
  void writtenFilesAreReadableByOthersLikeOrdinaryFiles() throws IOException {
    Path f = writeSample(1);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void aReaderNeverSeesAHalfReplacedFile() throws Exception {
    Path f = dir.resolve("shared.bin");
    byte[][] contents = {new byte[300_000], new byte[100_000]};
    Arrays.fill(contents[0], (byte) 1);
    Arrays.fill(contents[1], (byte) 2);
    FormatUtil.write(f, "test.shared", 1, out -> out.write(contents[0]));
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; i < 200; i++) {
          byte[] c = contents[i % 2];
          FormatUtil.write(f, "test.shared", 1, out -> out.write(c));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.start();
    int reads = 0;
    while (writer.isAlive() || reads < 50) {
      byte[] got = FormatUtil.read(f, "test.shared", 1, 1, (in, v) -> in.readAllBytes());
      // Every read is one whole version of the file, whichever rename it raced with.
      assertThat(got.length == 300_000 ? got[0] == 1 && got[299_999] == 1 : got.length == 100_000 && got[0] == 2)
          .as("read %d: %d bytes", reads, got.length).isTrue();
      reads++;
    }
    writer.join();
  }
}
