package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

/** MemoryBank.subset, BankBuilder.coreset and BankBuilder.fitPca on tiny hand-made banks. */
class BankReductionTest {
  @Test
  void subsetKeepsExactlyTheChosenEntriesAndEveryImage() {
    // MemoryBankTest's bank: entry i at cell i of one image, key (i, -i, 1), fractions (i % 2, 0.25).
    MemoryBank b = MemoryBankTest.bank(10, true, 3);
    Mask second = new Mask(2, 2, 2);
    int img2 = b.addImage(new BankImage("img2", "devB", 2, 2, new float[] {0, 1, 0}, second, 0));
    b.addEntry(img2, 3, new float[] {7, 7, 7}, 0, new float[] {1, 1}, 0); // entry 10
    b.putProvenance("support", "/data");
    b.setSettings(new BankSettings("attention", 3, 0.1f, new float[] {0.3f, 0.6f}, false, true, "hand"));
    b.setPca(Pca.fromArrays(new float[3], new float[] {1, 0, 0}, 1));

    MemoryBank s = b.subset(new int[] {1, 4, 10});
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.keys()).containsExactly(1, -1, 1, 4, -4, 1, 7, 7, 7);
    assertThat(s.fractions(0)).containsExactly(1, 0.25f);
    assertThat(s.fractions(1)).containsExactly(0, 0.25f);
    assertThat(s.fractions(2)).containsExactly(1, 1);
    assertThat(new int[] {s.imageOf(0), s.imageOf(1), s.imageOf(2)}).containsExactly(0, 0, img2);
    assertThat(new int[] {s.cellOf(0), s.cellOf(1), s.cellOf(2)}).containsExactly(1, 4, 3);
    assertThat(s.block(1)).containsExactly(b.block(4));
    assertThat(s.images()).containsExactlyElementsOf(b.images());
    assertThat(s.settings()).isEqualTo(b.settings());
    assertThat(s.provenance()).isEqualTo(b.provenance());
    assertThat(s.config()).isEqualTo(b.config());
    assertThat(s.pca()).isSameAs(b.pca());
    assertThat(b.size()).as("the original is untouched").isEqualTo(11);

    assertThat(b.subset(new int[0]).size()).isZero();
    assertThatThrownBy(() -> b.subset(new int[] {4, 1})).hasMessageContaining("strictly increasing");
    assertThatThrownBy(() -> b.subset(new int[] {2, 2})).hasMessageContaining("strictly increasing");
    assertThatThrownBy(() -> b.subset(new int[] {11})).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void subsetCopiesAcrossItsPassesInOrder() {
    int n = 4096 * 2 + 7; // more than two passes of the copy
    MemoryBank b = MemoryBankTest.bank(n, false, 1);
    int[] odd = new int[n / 2];
    for (int i = 0; i < odd.length; i++) {
      odd[i] = 2 * i + 1;
    }
    MemoryBank s = b.subset(odd);
    assertThat(s.size()).isEqualTo(odd.length);
    for (int i : new int[] {0, 4095, 4096, odd.length - 1}) {
      assertThat(s.key(i)).containsExactly(2 * i + 1, -(2 * i + 1), 1);
      assertThat(s.cellOf(i)).isEqualTo(2 * i + 1);
    }
  }

  @Test
  void coresetKeepsOneKeyPerClusterInEntryOrderAndRecordsTheFraction() {
    // Entries 0-2 at (1, 0, 0), entries 3-5 at (0, 1, 0): two picks must take one of each cluster.
    MemoryBank b = MemoryBankTest.bank(0, false, 1);
    for (int i = 0; i < 6; i++) {
      float[] key = i < 3 ? new float[] {1, 0, 0} : new float[] {0, 1, 0};
      b.addEntry(0, 10 + i, key, 0, new float[] {i, 0}, 0);
    }
    MemoryBank c = BankBuilder.coreset(b, 1 / 3.0);
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.cellOf(0)).isBetween(10, 12);
    assertThat(c.cellOf(1)).isBetween(13, 15);
    assertThat(c.key(0)).containsExactly(1, 0, 0);
    assertThat(c.key(1)).containsExactly(0, 1, 0);
    assertThat(c.fractions(0)[0]).isEqualTo(c.cellOf(0) - 10);
    assertThat(c.provenance()).containsEntry(BankBuilder.CORESET, Double.toString(1 / 3.0));
    assertThat(c.numImages()).isEqualTo(1);

    assertThat(BankBuilder.coreset(b, 1).size()).isEqualTo(6);
    assertThat(BankBuilder.coreset(b, 0.01).size()).as("at least one entry").isEqualTo(1);
    assertThatThrownBy(() -> BankBuilder.coreset(b, 0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> BankBuilder.coreset(b, 1.5)).hasMessageContaining("(0, 1]");
  }

  @Test
  void fitPcaStoresTheDirectionOfLargestSpread() {
    // Keys (i, -i, 1) spread only along (1, -1, 0) / sqrt(2).
    MemoryBank b = MemoryBankTest.bank(8, false, 2);
    Pca pca = BankBuilder.fitPca(b, 1);
    assertThat(b.pca()).isSameAs(pca);
    float h = (float) Math.sqrt(0.5);
    float[] c = pca.components();
    assertThat(c[0]).isCloseTo(h, org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(c[1]).isCloseTo(-h, org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(c[2]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-5f));
    assertThatThrownBy(() -> BankBuilder.fitPca(b, 4)).hasMessageContaining("[1, 3]");
    assertThatThrownBy(() -> BankBuilder.fitPca(MemoryBankTest.bank(1, false, 2), 1))
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> b.setPca(Pca.fromArrays(new float[4], new float[] {1, 0, 0, 0}, 1)))
        .hasMessageContaining("width 4");
  }
}
