package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.HnswIndex;
import org.aoissl.retrieval.MemoryBank;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bank build --pca / --coreset, then info, segment, tune and add, on tiny synthetic data and a micro model. */
class BankReductionCommandsTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path ckpt;
  private int runs;

  @BeforeAll
  static void prepare() {
    ckpt = TinyRun.prepare(data);
  }

  private static String train() {
    return data.resolve("s/train").toString();
  }

  private static CliRun build(Path bank, String... more) {
    String[] base = {"bank", "build", "--ckpt", ckpt.toString(), "--support", train(), "--out", bank.toString()};
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRun.of(args);
  }

  private void segments(Path bank, String index, String expectedSearch) throws Exception {
    Path pred = dir.resolve("pred" + runs++);
    CliRun seg = CliRun.of("segment", "--bank", bank.toString(), "--images", data.resolve("s/test").toString(),
        "--out", pred.toString(), "--index", index);
    assertThat(seg.code()).as(seg.err()).isZero();
    assertThat(seg.out()).contains("segmented 2 images").contains(expectedSearch + " search");
    try (Stream<Path> files = Files.list(pred.resolve("labels"))) {
      assertThat(files.count()).isEqualTo(2);
    }
  }

  @Test
  void aPcaBankSearchesProjectedKeysAndKeepsItsPcaWhenImagesAreAdded() throws Exception {
    Path bank = dir.resolve("p.bank");
    CliRun b = build(bank, "--device", "d00", "--pca", "8", "--index", "hnsw");
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(b.out()).contains("projected to rank 8 (of dim 32)");
    MemoryBank mb = BankFile.read(bank);
    assertThat(mb.pca().rank()).isEqualTo(8);
    assertThat(mb.pca().dim()).isEqualTo(32);
    assertThat(mb.dim()).as("keys stay full width").isEqualTo(32);
    try (HnswIndex h = BankIndex.openHnsw(mb, bank)) {
      assertThat(h.dim()).isEqualTo(8);
    }

    CliRun i = CliRun.of("bank", "info", bank.toString(), "--recall", "--queries", "20");
    assertThat(i.code()).as(i.err()).isZero();
    assertThat(i.out()).contains("pca       rank 8 (searches on keys projected from dim 32)")
        .containsPattern("recall@10 of the saved HNSW index .* against exact search: [01]\\.\\d{4}");
    segments(bank, "exact", "exact");
    segments(bank, "hnsw", "hnsw");

    CliRun t = CliRun.of("bank", "tune", bank.toString(), "--folds", "2");
    assertThat(t.code()).as(t.err()).isZero();

    CliRun add = CliRun.of("bank", "add", bank.toString(), "--images", train(), "--device", "d01");
    assertThat(add.code()).as(add.err()).isZero();
    MemoryBank grown = BankFile.read(bank);
    assertThat(grown.size()).isGreaterThan(mb.size());
    assertThat(grown.pca().components()).as("the projection is not refitted").containsExactly(mb.pca().components());
    assertThat(grown.pca().mean()).containsExactly(mb.pca().mean());
    try (HnswIndex h = BankIndex.openHnsw(grown, bank)) {
      assertThat(h.dim()).isEqualTo(8);
      assertThat(h.size()).isEqualTo(grown.size());
    }
    segments(bank, "hnsw", "hnsw");
  }

  @Test
  void aCoresetKeepsHalfTheEntriesInOrderAndAddKeepsEveryNewPatch() throws Exception {
    Path fullFile = dir.resolve("full.bank");
    assertThat(build(fullFile).code()).isZero();
    MemoryBank full = BankFile.read(fullFile);
    Path coreFile = dir.resolve("core.bank");
    CliRun b = build(coreFile, "--coreset", "0.5");
    assertThat(b.code()).as(b.err()).isZero();
    MemoryBank core = BankFile.read(coreFile);
    assertThat(core.size()).isEqualTo(Math.round(0.5 * full.size()));
    assertThat(b.out()).contains("coreset 0.5: kept " + core.size() + " of " + full.size() + " entries");
    assertThat(core.images()).containsExactlyElementsOf(full.images());
    assertThat(core.provenance()).containsEntry("coreset", "0.5");
    assertThat(core.pca()).isNull();
    // Each kept entry is the full bank's entry of the same image and cell, in increasing entry order.
    Map<Long, Integer> entryOf = new HashMap<>();
    for (int e = 0; e < full.size(); e++) {
      entryOf.put((long) full.imageOf(e) << 32 | full.cellOf(e), e);
    }
    int last = -1;
    for (int e = 0; e < core.size(); e++) {
      Integer f = entryOf.get((long) core.imageOf(e) << 32 | core.cellOf(e));
      assertThat(f).as("entry %d", e).isNotNull().isGreaterThan(last);
      assertThat(core.key(e)).containsExactly(full.key(f));
      assertThat(core.fractions(e)).containsExactly(full.fractions(f));
      last = f;
    }

    CliRun i = CliRun.of("bank", "info", coreFile.toString());
    assertThat(i.code()).as(i.err()).isZero();
    assertThat(i.out()).contains("coreset   0.5").contains("entries   " + core.size())
        .contains("pca       none");
    segments(coreFile, "exact", "exact");

    // After a coreset build of d00, adding d01 appends every d01 patch the full bank has.
    Path d0 = dir.resolve("d0.bank");
    assertThat(build(d0, "--device", "d00", "--coreset", "0.5", "--pca", "4").code()).isZero();
    int before = BankFile.read(d0).size();
    CliRun add = CliRun.of("bank", "add", d0.toString(), "--images", train(), "--device", "d01");
    assertThat(add.code()).as(add.err()).isZero();
    long d01Entries = java.util.stream.IntStream.range(0, full.size())
        .filter(e -> full.image(full.imageOf(e)).device().equals("d01")).count();
    assertThat(d01Entries).isPositive();
    assertThat(BankFile.read(d0).size()).isEqualTo(before + (int) d01Entries);
    segments(d0, "exact", "exact");
  }

  @Test
  void outOfRangeReductionsAreRefused() {
    CliRun c = build(dir.resolve("x.bank"), "--coreset", "0");
    assertThat(c.code()).isEqualTo(2);
    assertThat(c.err()).contains("--coreset must be in (0, 1]");
    CliRun p = build(dir.resolve("y.bank"), "--pca", "33");
    assertThat(p.code()).isEqualTo(2);
    assertThat(p.err()).contains("--pca must be at most the key width 32");
    assertThat(dir.resolve("y.bank")).doesNotExist();
  }
}
