package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BankIndex.open searches in the bank's PCA projection when it has one, exact or HNSW, saved or not. */
class BankIndexTest {
  @TempDir Path dir;

  /** Projects onto the first two axes: (x, y, z) -> (x, y) / |(x, y)|. */
  static final Pca XY = Pca.fromArrays(new float[3], new float[] {1, 0, 0, 0, 1, 0}, 2);

  // Full width the query ranks entries 0, 1, 2, 3 (0.8, 0.768, 0.64, 0); projected to (1, 0) it ranks
  // 0, 2, 1, 3 (1, 0.8, 0.6, 0).
  static final float[][] KEYS = {{1, 0, 0}, {0.36f, 0.48f, 0.8f}, {0.8f, 0.6f, 0}, {0, 1, 0}};
  static final float[] QUERY = {0.8f, 0, 0.6f};

  /** D = 3, patch 1, one 2x2 image; entry i at cell i with key KEYS[i]. */
  static MemoryBank bank(Pca pca) {
    EncoderId id = new EncoderId("t.ckpt", "00000000", 3, 1, 1, new float[] {0}, new float[] {1}, 16);
    MemoryBank b = new MemoryBank(ClassSet.of("wire", "ball"), id, BankConfig.DEFAULT);
    int img = b.addImage(new BankImage("img", "devA", 2, 2, new float[] {1, 0, 0}, new Mask(2, 2, 2), 0));
    for (int i = 0; i < 4; i++) {
      b.addEntry(img, i, KEYS[i], 0, new float[] {0, 1}, 0);
    }
    b.setPca(pca);
    return b;
  }

  @Test
  void exactSearchOfAPcaBankIsTheProjectedIndex() throws Exception {
    MemoryBank b = bank(XY);
    Path f = dir.resolve("p.bank");
    try (NeighborIndex opened = BankIndex.open("exact", b, f);
        ProjectedIndex direct = new ProjectedIndex(XY, b.keys(), b.size())) {
      assertThat(opened.dim()).isEqualTo(3);
      Neighbors got = opened.search(QUERY, 1, 3);
      Neighbors want = direct.search(QUERY, 1, 3);
      assertThat(got.ids()).containsExactly(0, 2, 1).containsExactly(want.ids());
      assertThat(got.sims()).containsExactly(want.sims());
      assertThat(got.sims()).containsExactly(new float[] {1, 0.8f, 0.6f}, within(1e-6f));
    }
    try (NeighborIndex full = BankIndex.open("exact", bank(null), f)) {
      assertThat(full.search(QUERY, 1, 3).ids()).containsExactly(0, 1, 2);
    }
  }

  @Test
  void hnswOfAPcaBankIndexesTheProjectedKeysInMemoryAndOnDisk() throws Exception {
    MemoryBank b = bank(XY);
    Path f = dir.resolve("h.bank");
    try (NeighborIndex inMemory = BankIndex.open("hnsw", b, f)) {
      assertThat(inMemory.search(QUERY, 1, 3).ids()).containsExactly(0, 2, 1);
    }
    BankIndex.save(f, b, "hnsw");
    MemoryBank back = BankFile.read(f);
    try (var saved = BankIndex.openHnsw(back, f)) {
      assertThat(saved.dim()).isEqualTo(2);
      assertThat(saved.size()).isEqualTo(4);
    }
    try (NeighborIndex idx = BankIndex.open("hnsw", back, f)) {
      assertThat(idx.search(QUERY, 1, 3).ids()).containsExactly(0, 2, 1);
    }
  }

  @Test
  void indexKindsComeFromTheRegistry() throws Exception {
    assertThat(BankIndex.kinds()).startsWith("exact", "hnsw", "ivf");
    Path f = dir.resolve("k.bank");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BankIndex.open("pq", bank(null), f))
        .hasMessageStartingWith("unknown index 'pq'; use exact or hnsw or ivf");
    int[] opened = {0};
    BankIndex.register(new BankIndex.Kind("counted-exact", "test only", (b, file) -> {
      opened[0]++;
      return new ExactIndex(BankIndex.searchKeys(b), b.size(), BankIndex.searchDim(b));
    }));
    try (NeighborIndex idx = BankIndex.open("counted-exact", bank(null), f);
        NeighborIndex exact = BankIndex.open("exact", bank(null), f)) {
      assertThat(opened[0]).isEqualTo(1);
      assertThat(idx.search(QUERY, 1, 2).id(0, 0)).isEqualTo(exact.search(QUERY, 1, 2).id(0, 0));
    }
  }

  /** A bank of {@code images} 10x10-patch images with clustered 16-wide keys, the first {@code images} of {@code all}. */
  static MemoryBank gridBank(float[] all, int images) {
    EncoderId id = new EncoderId("t.ckpt", "00000000", 16, 1, 1, new float[] {0}, new float[] {1}, 16);
    MemoryBank b = new MemoryBank(ClassSet.of("wire", "ball"), id, BankConfig.DEFAULT);
    addImages(b, all, 0, images);
    return b;
  }

  static void addImages(MemoryBank b, float[] all, int from, int to) {
    for (int i = from; i < to; i++) {
      int img = b.addImage(new BankImage("img" + i, "devA", 10, 10, new float[16], new Mask(2, 10, 10), 0));
      for (int c = 0; c < 100; c++) {
        b.addEntry(img, c, all, (i * 100 + c) * 16, new float[] {0, 1}, 0);
      }
    }
  }

  @Test
  void aSavedInvertedFileIsKeptInStepWithItsBankAndRefusedByAnother() throws Exception {
    float[] all = IvfIndexTest.keys(3000, 16, 12, 31);
    MemoryBank b = gridBank(all, 20); // 2,000 entries
    Path f = dir.resolve("grow.bank");
    Path ivf = BankIndex.ivfFile(f);
    BankIndex.save(f, b, "ivf");
    assertThat(BankIndex.defaultKind(f)).isEqualTo("ivf");
    IvfLayout first = IvfFile.read(ivf).layout();
    assertThat(first.size()).isEqualTo(2000);

    // Settings change (bank tune): same keys, the file is not rewritten.
    long written = Files.getLastModifiedTime(ivf).toMillis();
    byte[] before = Files.readAllBytes(ivf);
    Thread.sleep(20);
    b.putProvenance("tuned", "yes");
    BankIndex.save(f, b, null);
    assertThat(Files.readAllBytes(ivf)).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(ivf).toMillis()).isEqualTo(written);

    // Images added (bank add): the new keys join the trained cells, as assigning all keys afresh would.
    addImages(b, all, 20, 30);
    BankIndex.save(f, b, null);
    IvfLayout grown = IvfFile.read(ivf).layout();
    assertThat(grown.size()).isEqualTo(3000);
    assertThat(grown.centroids()).containsExactly(first.centroids());
    assertThat(grown.members()).isDeepEqualTo(IvfLayout.assign(all, 3000, 16, first.centroids(), 2000).members());
    MemoryBank back = BankFile.read(f);
    float[] q = IvfIndexTest.keys(20, 16, 12, 32);
    try (NeighborIndex saved = BankIndex.open("ivf", back, f);
        IvfIndex every = IvfIndex.open(all, grown, grown.cells());
        ExactIndex exact = new ExactIndex(all, 3000, 16)) {
      assertThat(saved.size()).isEqualTo(3000);
      assertThat(every.search(q, 20, 5).ids()).containsExactly(exact.search(q, 20, 5).ids());
      assertThat(Recall.atK(saved.search(q, 20, 5), exact.search(q, 20, 5))).isGreaterThan(0.9);
    }

    // The file beside another bank (or beside this one after it changed without it) is refused.
    Path g = dir.resolve("other.bank");
    BankFile.write(g, gridBank(IvfIndexTest.keys(3000, 16, 12, 33), 30));
    Files.copy(ivf, BankIndex.ivfFile(g));
    MemoryBank other = BankFile.read(g);
    assertThatThrownBy(() -> BankIndex.open("ivf", other, g)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("other.bank.ivf").hasMessageContaining("indexes other keys than other.bank");
    // A new bank at the same path starts without the old one's index.
    BankIndex.deleteSaved(g);
    assertThat(BankIndex.defaultKind(g)).isEqualTo("exact");
  }
}
