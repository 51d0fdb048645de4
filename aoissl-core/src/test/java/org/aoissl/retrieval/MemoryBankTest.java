package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class MemoryBankTest {
  static final ClassSet TWO = ClassSet.of("wire", "ball");

  /** A bank of D = 3, patch 1, one 100x100 image with a random mask, entry i at cell i with key (i, -i, 1). */
  static MemoryBank bank(int entries, boolean blocks, long seed) {
    EncoderId id = new EncoderId("t.ckpt", "00000000", 3, 1, 1, new float[] {0}, new float[] {1}, 16);
    MemoryBank b = new MemoryBank(TWO, id, new BankConfig(0, 0, blocks, 0));
    Mask m = new Mask(2, 100, 100);
    SplittableRandom r = new SplittableRandom(seed);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 100; x++) {
        m.setClassBits(y, x, r.nextInt(4));
        m.setIgnored(y, x, r.nextInt(7) == 0);
      }
    }
    int img = b.addImage(new BankImage("img", "devA", 100, 100, new float[] {1, 0, 0}, m, 0));
    for (int i = 0; i < entries; i++) {
      b.addEntry(img, i, new float[] {i, -i, 1}, 0, new float[] {i % 2, 0.25f}, 0);
    }
    return b;
  }

  @Test
  void keysAcrossChunkBoundariesCopyBackInOrder() {
    int n = FloatRows.CHUNK_ROWS * 2 + 5;
    MemoryBank b = bank(n, false, 1);
    assertThat(b.size()).isEqualTo(n);
    assertThat(b.dim()).isEqualTo(3);
    int from = FloatRows.CHUNK_ROWS - 2;
    float[] dst = new float[1 + 4 * 3];
    b.copyKeys(from, from + 4, dst, 1);
    for (int j = 0; j < 4; j++) {
      assertThat(new float[] {dst[1 + 3 * j], dst[2 + 3 * j], dst[3 + 3 * j]})
          .containsExactly(from + j, -(from + j), 1f);
    }
    float[] all = b.keys();
    assertThat(all).hasSize(n * 3);
    assertThat(all[(n - 1) * 3]).isEqualTo(n - 1f);
    assertThat(b.key(FloatRows.CHUNK_ROWS)).containsExactly(FloatRows.CHUNK_ROWS, -FloatRows.CHUNK_ROWS, 1f);
    assertThat(b.fraction(7, 0)).isEqualTo(1f);
    assertThat(b.fraction(8, 0)).isZero();
    assertThat(b.fractions(9)).containsExactly(1f, 0.25f);
    assertThat(b.imageOf(n - 1)).isZero();
    assertThat(b.cellOf(n - 1)).isEqualTo(n - 1);
    assertThatThrownBy(() -> b.key(n)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void blocksAreReadFromTheImagesMask() {
    MemoryBank b = bank(300, true, 2);
    Mask m = b.image(0).mask();
    assertThat(b.hasBlocks()).isTrue();
    assertThat(b.patchSize()).isEqualTo(1);
    for (int e = 0; e < 300; e++) {
      int y = e / 100;
      int x = e % 100;
      int expected = m.isIgnored(y, x) ? LabelStore.IGNORE : m.classBits(y, x);
      assertThat(b.blockPixel(e, 0, 0)).as("entry %d", e).isEqualTo(expected);
    }
    assertThat(bank(3, false, 2).hasBlocks()).isFalse();
    assertThatThrownBy(() -> bank(3, false, 2).blockPixel(0, 0, 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void entriesAndSettingsAreChecked() {
    MemoryBank b = bank(1, false, 3);
    assertThat(b.settings()).isEqualTo(new BankSettings("distance", 10, 0.02f, new float[] {0.5f, 0.5f}, false, false, ""));
    assertThatThrownBy(() -> b.setSettings(BankSettings.defaults(4)))
        .hasMessageContaining("4 thresholds; the bank has 2 classes");
    assertThatThrownBy(() -> new BankSettings("knn", 10, 0.02f, new float[] {0.5f}, false, false, ""))
        .hasMessageContaining("distance, attention, image");
    assertThatThrownBy(() -> b.addEntry(1, 0, new float[3], 0, new float[2], 0))
        .hasMessageContaining("image 1 of 1");
    assertThatThrownBy(() -> b.addEntry(0, 10_000, new float[3], 0, new float[2], 0))
        .hasMessageContaining("cell 10000 is outside");
    assertThat(b.size()).isEqualTo(1);
    b.putProvenance("data", "abc");
    assertThat(b.provenance()).containsEntry("data", "abc");
  }
}
