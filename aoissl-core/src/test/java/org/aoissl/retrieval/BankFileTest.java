package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.aoissl.ReplayableSeed;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.aoissl.io.CorruptFileException;
import org.aoissl.io.TruncatedFileException;
import org.aoissl.train.CheckpointFile;
import org.aoissl.train.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankFileTest {
  @TempDir Path dir;

  /** A random bank: D = 64, patch 4, three images of different grids with random masks, random entries. */
  static MemoryBank randomBank(long seed, int entries) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = 64;
    EncoderId id = new EncoderId("mae.ckpt", "1a2b3c4d", d, 4, 2, new float[] {0.4f, 0.5f},
        new float[] {0.2f, 0.3f}, 1024);
    MemoryBank b = new MemoryBank(ClassSet.DEFAULT, id, new BankConfig(2, 0, true, seed));
    b.setSettings(new BankSettings("attention", 7, 0.05f, new float[] {0.4f, 0.5f, 0.6f, 0.3f}, true, true, "k-fold"));
    b.putProvenance("data", "sha256:beef");
    b.putProvenance("code", "0.1.0");
    int[][] grids = {{3, 5}, {4, 4}, {1, 7}};
    for (int i = 0; i < grids.length; i++) {
      Mask m = new Mask(4, grids[i][0] * 4, grids[i][1] * 4);
      for (int y = 0; y < m.height(); y++) {
        for (int x = 0; x < m.width(); x++) {
          m.setClassBits(y, x, r.nextInt(16));
          m.setIgnored(y, x, r.nextInt(9) == 0);
        }
      }
      float[] cls = new float[d];
      for (int j = 0; j < d; j++) {
        cls[j] = (float) r.nextGaussian();
      }
      b.addImage(new BankImage("img" + i, "dev" + (i % 2), grids[i][0], grids[i][1], cls, m, i));
    }
    float[] key = new float[d];
    float[] frac = new float[4];
    for (int e = 0; e < entries; e++) {
      for (int j = 0; j < d; j++) {
        key[j] = (float) r.nextGaussian();
      }
      PatchEncoder.l2Normalise(key, 0, d);
      for (int k = 0; k < 4; k++) {
        frac[k] = r.nextInt(17) / 16f;
      }
      int img = r.nextInt(3);
      b.addEntry(img, r.nextInt(grids[img][0] * grids[img][1]), key, 0, frac, 0);
    }
    return b;
  }

  @Test
  void roundTripKeepsEveryImageEntrySettingAndProvenance() throws Throwable {
    long seed = ReplayableSeed.draw("BankFileTest.roundTrip");
    ReplayableSeed.check(seed, () -> {
      MemoryBank b = randomBank(seed, 5000);
      Path f = dir.resolve("a.bank");
      BankFile.write(f, b);
      MemoryBank back = BankFile.read(f);
      BankFixtures.assertSameContent(b, back);
      byte[] raw = Files.readAllBytes(f);
      int headerStart = 4 + 2 + BankFile.CODEC.length() + 4;
      int n = java.nio.ByteBuffer.wrap(raw, headerStart, 4).getInt();
      String json = new String(raw, headerStart + 4, n, java.nio.charset.StandardCharsets.UTF_8);
      assertThat(json).startsWith("{\"classes\":[\"wire\",\"ball\",\"wedge\",\"epoxy\"],\"encoder\":{\"checkpoint\":\"mae.ckpt\"")
          .contains("\"entries\":5000");
      assertThat(back.provenance()).containsExactly(
          java.util.Map.entry("data", "sha256:beef"), java.util.Map.entry("code", "0.1.0"));
      assertThat(back.settings().notes()).isEqualTo("k-fold");

      MemoryBank empty = new MemoryBank(ClassSet.of("wire"), b.encoder(), BankConfig.DEFAULT);
      BankFile.write(f, empty);
      assertThat(BankFile.read(f).size()).isZero();
    });
  }

  @Test
  void aPcaRoundTripsAndABankWithoutOneReadsBackWithout() throws IOException {
    MemoryBank b = randomBank(5, 300);
    int d = b.dim();
    int r = 3;
    float[] mean = new float[d];
    float[] comps = new float[r * d];
    for (int i = 0; i < d; i++) {
      mean[i] = i / 64f;
    }
    for (int j = 0; j < r; j++) {
      comps[j * d + 7 * j] = 1; // unit rows along axes 0, 7 and 14
    }
    b.setPca(Pca.fromArrays(mean, comps, r));
    Path f = dir.resolve("p.bank");
    BankFile.write(f, b);
    MemoryBank back = BankFile.read(f);
    BankFixtures.assertSameContent(b, back);
    assertThat(back.pca().rank()).isEqualTo(3);
    assertThat(back.pca().mean()[63]).isEqualTo(63 / 64f);
    assertThat(back.pca().components()[2 * d + 14]).isEqualTo(1f);
    // Mean and components are (1 + 3) x 64 floats more than the same bank without them (the header's
    // "pcaRank":3 and "pcaRank":0 are the same length).
    long withPca = Files.size(f);
    b.setPca(null);
    BankFile.write(f, b);
    assertThat(withPca - Files.size(f)).isEqualTo(4L * (1 + r) * d);
    assertThat(BankFile.read(f).pca()).isNull();
  }

  @Test
  void aPcaRankBeyondTheKeyWidthIsRefusedAsCorrupt() throws IOException {
    MemoryBank b = randomBank(6, 50);
    b.setPca(Pca.fromArrays(new float[b.dim()], TestKeys.unit(2, b.dim(), 6), 2));
    Path f = dir.resolve("pc.bank");
    BankFile.write(f, b);
    // Re-wrap the same body with "pcaRank":2 changed to 99, under a valid checksum.
    byte[] raw = Files.readAllBytes(f);
    int bodyStart = 4 + 2 + BankFile.CODEC.length() + 4;
    int n = java.nio.ByteBuffer.wrap(raw, bodyStart, 4).getInt();
    String json = new String(raw, bodyStart + 4, n, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).endsWith(",\"pcaRank\":2}");
    byte[] bad = json.replace("\"pcaRank\":2", "\"pcaRank\":99").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int restFrom = bodyStart + 4 + n;
    int restTo = raw.length - org.aoissl.io.FormatUtil.FOOTER_LENGTH;
    Path g = dir.resolve("pc-bad.bank");
    org.aoissl.io.FormatUtil.write(g, BankFile.CODEC, BankFile.VERSION, out -> {
      out.writeInt(bad.length);
      out.write(bad);
      out.write(raw, restFrom, restTo - restFrom);
    });
    assertThatThrownBy(() -> BankFile.read(g)).isInstanceOf(CorruptFileException.class)
        .hasMessage(g + ": corrupt: PCA rank 99 exceeds the key width 64");
  }

  @Test
  void aStoredRefinerRoundTripsAndSurvivesAddingImages() throws IOException {
    MemoryBank b = randomBank(8, 40);
    java.util.Map<String, NamedTensor> tensors = new java.util.LinkedHashMap<>();
    tensors.put("model/head.weight", new NamedTensor("model/head.weight", new long[] {4, 8, 1, 1},
        TestKeys.unit(4, 8, 3)));
    tensors.put("model/head.bias", new NamedTensor("model/head.bias", new long[] {4}, new float[] {1, -2, 3, 0.5f}));
    b.setRefiner(new CheckpointFile.Contents("{\"kind\":\"aoissl-refiner\",\"state\":{}}", tensors));
    Path f = dir.resolve("r.bank");
    BankFile.write(f, b);
    MemoryBank read = BankFile.read(f);
    assertThat(read.refiner().metadataJson()).isEqualTo(b.refiner().metadataJson());
    assertThat(read.refiner().tensors()).isEqualTo(tensors);
    // Adding an image and writing again keeps it; a subset (coreset) keeps it.
    read.addImage(new BankImage("new", "devB", 1, 1, new float[read.dim()], new Mask(4, 4, 4), 0));
    BankFile.write(f, read);
    assertThat(BankFile.read(f).refiner().tensors()).isEqualTo(tensors);
    assertThat(read.subset(new int[] {0, 1}).refiner()).isSameAs(read.refiner());
  }

  @Test
  void aVersionOneBankStillReadsWithoutARefiner() throws IOException {
    MemoryBank b = randomBank(9, 30);
    Path f = dir.resolve("v2.bank");
    BankFile.write(f, b);
    byte[] raw = Files.readAllBytes(f);
    int bodyStart = 4 + 2 + BankFile.CODEC.length() + 4;
    int bodyEnd = raw.length - org.aoissl.io.FormatUtil.FOOTER_LENGTH;
    assertThat(raw[bodyEnd - 1]).as("no-refiner flag").isEqualTo((byte) 0);
    Path v1 = dir.resolve("v1.bank");
    org.aoissl.io.FormatUtil.write(v1, BankFile.CODEC, 1, out -> out.write(raw, bodyStart, bodyEnd - 1 - bodyStart));
    MemoryBank read = BankFile.read(v1);
    assertThat(read.refiner()).isNull();
    BankFixtures.assertSameContent(b, read);
    Path bad = dir.resolve("flag.bank");
    org.aoissl.io.FormatUtil.write(bad, BankFile.CODEC, 2, out -> {
      out.write(raw, bodyStart, bodyEnd - 1 - bodyStart);
      out.writeByte(7);
    });
    assertThatThrownBy(() -> BankFile.read(bad)).isInstanceOf(CorruptFileException.class)
        .hasMessage(bad + ": corrupt: refiner flag 7");
  }

  @Test
  void truncatedFilesAreRefusedAsTruncated() throws IOException {
    Path f = dir.resolve("t.bank");
    BankFile.write(f, randomBank(1, 200));
    byte[] all = Files.readAllBytes(f);
    for (int cut : new int[] {1, 17, all.length / 2, 100}) {
      Path g = dir.resolve("cut" + cut + ".bank");
      Files.write(g, Arrays.copyOf(all, all.length - cut));
      assertThatThrownBy(() -> BankFile.read(g)).as("cut %d bytes", cut)
          .isInstanceOf(TruncatedFileException.class).hasMessageStartingWith(g + ": truncated");
    }
  }

  @Test
  void aFlippedByteAnywhereIsRefusedAsCorrupt() throws IOException {
    Path f = dir.resolve("c.bank");
    BankFile.write(f, randomBank(2, 200));
    byte[] all = Files.readAllBytes(f);
    // In the header JSON, in a mask, among the keys, in the checksum itself.
    for (int pos : new int[] {40, all.length / 3, all.length - 100, all.length - 3}) {
      byte[] bad = all.clone();
      bad[pos] ^= 0x10;
      Path g = dir.resolve("flip" + pos + ".bank");
      Files.write(g, bad);
      assertThatThrownBy(() -> BankFile.read(g)).as("byte %d", pos)
          .isInstanceOf(CorruptFileException.class).hasMessageContaining(g + ": corrupt");
    }
  }

  @Test
  void aReaderSeesTheOldOrTheNewBankWhileAWriterReplacesIt() throws Exception {
    MemoryBank small = randomBank(3, 100);
    MemoryBank large = randomBank(4, 3000);
    Path f = dir.resolve("live.bank");
    BankFile.write(f, small);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> writerError = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; !stop.get() && i < 400; i++) {
          BankFile.write(f, i % 2 == 0 ? large : small);
        }
      } catch (Throwable t) {
        writerError.set(t);
      }
    });
    writer.start();
    try {
      for (int i = 0; i < 60; i++) {
        MemoryBank got = BankFile.read(f);
        MemoryBank expected = got.size() == small.size() ? small : large;
        assertThat(got.size()).isIn(small.size(), large.size());
        assertThat(got.key(got.size() - 1)).containsExactly(expected.key(expected.size() - 1));
        assertThat(got.images()).containsExactlyElementsOf(expected.images());
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    assertThat(writerError.get()).isNull();
  }
}
