package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.IvfFile;
import org.aoissl.retrieval.MemoryBank;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bank build / add / tune / info, segment and eval, end to end on tiny synthetic data and a micro model. */
class RetrievalCommandsTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path ckpt;

  @BeforeAll
  static void prepare() {
    ckpt = TinyRun.prepare(data);
  }

  private static String train() {
    return data.resolve("s/train").toString();
  }

  @Test
  void buildTuneSegmentAndEvaluate() throws Exception {
    Path bank = dir.resolve("b.bank");
    CliRun b = CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train(), "--out", bank.toString());
    assertThat(b.code()).as(b.err()).isZero();
    MemoryBank mb = BankFile.read(bank);
    // 2 devices x 3 training images, 64x64 at patch 8: 64 cells each, minus the all-ignored border cells.
    assertThat(mb.numImages()).isEqualTo(6);
    assertThat(mb.size()).isGreaterThan(0).isLessThanOrEqualTo(6 * 64);
    assertThat(b.out()).contains(mb.size() + " entries from 6 images")
        .contains("search: exact (an inverted file from 10000 entries on)");

    CliRun t = CliRun.of("bank", "tune", bank.toString(), "--folds", "3");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out()).contains("3-fold cross-validation").contains("stored in the bank");
    assertThat(BankFile.read(bank).settings().tuned()).isTrue();

    CliRun i = CliRun.of("bank", "info", bank.toString());
    assertThat(i.code()).as(i.err()).isZero();
    assertThat(i.out()).contains("entries   " + mb.size()).contains("device d00").contains(", tuned, 3-fold cross-validation");

    Path pred = dir.resolve("pred");
    Path test = data.resolve("s/test");
    CliRun seg = CliRun.of("segment", "--bank", bank.toString(), "--images", test.toString(), "--out",
        pred.toString(), "--refine", "--shifted");
    assertThat(seg.code()).as(seg.err()).isZero();
    assertThat(seg.out()).contains("segmented 2 images").contains("+shift +refine");
    try (Stream<Path> files = Files.list(pred.resolve("labels"))) {
      assertThat(files.count()).isEqualTo(2);
    }
    try (Stream<Path> files = Files.list(pred.resolve("overlays"))) {
      assertThat(files.count()).isEqualTo(2);
    }

    Path json = dir.resolve("eval.json");
    CliRun e = CliRun.of("eval", "--pred", pred.toString(), "--gt", test.toString(), "--out", json.toString());
    assertThat(e.code()).as(e.err()).isZero();
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.toString()).contains("wire");
    assertThat(e.out()).contains("pooled");
  }

  @Test
  void addingADeviceEqualsBuildingWithIt() throws Exception {
    Path one = dir.resolve("one.bank");
    assertThat(CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train(), "--device", "d00",
        "--out", one.toString()).code()).isZero();
    CliRun add = CliRun.of("bank", "add", one.toString(), "--images", train(), "--device", "d01");
    assertThat(add.code()).as(add.err()).isZero();
    assertThat(add.out()).containsPattern("added 3 images \\(\\d+ entries\\) to .* in \\d+\\.\\d\\d s");

    Path both = dir.resolve("both.bank");
    assertThat(CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train(), "--out",
        both.toString()).code()).isZero();
    MemoryBank a = BankFile.read(one);
    MemoryBank b = BankFile.read(both);
    assertThat(a.size()).isEqualTo(b.size());
    assertThat(a.keys()).isEqualTo(b.keys());
    for (int e = 0; e < a.size(); e++) {
      assertThat(a.fractions(e)).isEqualTo(b.fractions(e));
    }
  }

  @Test
  void hnswIndexIsSavedBesideTheBankAndItsRecallMeasured() {
    Path bank = dir.resolve("h.bank");
    CliRun b = CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train(), "--out",
        bank.toString(), "--index", "hnsw");
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(dir.resolve("h.bank.hnsw")).isDirectory();
    CliRun i = CliRun.of("bank", "info", bank.toString(), "--recall", "--queries", "50");
    assertThat(i.code()).as(i.err()).isZero();
    assertThat(i.out()).containsPattern("recall@10 of the saved HNSW index .* against exact search: [01]\\.\\d{4}");
    CliRun seg = CliRun.of("segment", "--bank", bank.toString(), "--images", data.resolve("s/test").toString(),
        "--out", dir.resolve("p").toString());
    assertThat(seg.code()).as(seg.err()).isZero();
    assertThat(seg.out()).contains("hnsw search");
  }

  @Test
  void anInvertedFileIsSavedKeptInStepByBankAddAndRefusedWhenStale() throws Exception {
    Path bank = dir.resolve("i.bank");
    CliRun b = CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train(), "--device", "d00",
        "--out", bank.toString(), "--index", "ivf");
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(b.out()).contains("search: inverted file saved beside the bank (i.bank.ivf)");
    Path ivf = dir.resolve("i.bank.ivf");
    assertThat(IvfFile.read(ivf).layout().size()).isEqualTo(BankFile.read(bank).size());
    CliRun add = CliRun.of("bank", "add", bank.toString(), "--images", train(), "--device", "d01");
    assertThat(add.code()).as(add.err()).isZero();
    MemoryBank grown = BankFile.read(bank);
    assertThat(IvfFile.read(ivf).layout().size()).isEqualTo(grown.size());
    assertThat(IvfFile.read(ivf).layout().trained()).isLessThan(grown.size());
    Path pred = dir.resolve("pi");
    CliRun seg = CliRun.of("segment", "--bank", bank.toString(), "--images", data.resolve("s/test").toString(),
        "--out", pred.toString());
    assertThat(seg.code()).as(seg.err()).isZero();
    assertThat(seg.out()).contains("ivf search");

    // The index of another bank put beside this one is refused, nothing written.
    Path other = dir.resolve("o.bank");
    assertThat(CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train(), "--device", "d01",
        "--out", other.toString(), "--index", "ivf").code()).isZero();
    Files.copy(dir.resolve("o.bank.ivf"), ivf, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path out = dir.resolve("stale");
    CliRun stale = CliRun.of("segment", "--bank", bank.toString(), "--images", data.resolve("s/test").toString(),
        "--out", out.toString());
    assertThat(stale.code()).isEqualTo(2);
    assertThat(stale.err()).contains("i.bank.ivf").contains("indexes other keys than i.bank");
    assertThat(out).doesNotExist();
  }

  @Test
  void aBankIsRefusedWithAnotherEncoderOrWhenCorrupt() throws Exception {
    Path bank = dir.resolve("c.bank");
    assertThat(CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train(), "--out",
        bank.toString()).code()).isZero();
    Path other = dir.resolve("other.ckpt");
    assertThat(CliRun.of("pretrain", "--data", data.resolve("s").toString(), "--out", other.toString(), "--model",
        "micro", "--image-size", "32", "--batch", "4", "--seed", "6", "--steps", "1").code()).isZero();
    Path out = dir.resolve("p");
    CliRun wrong = CliRun.of("segment", "--bank", bank.toString(), "--ckpt", other.toString(), "--images",
        data.resolve("s/test").toString(), "--out", out.toString());
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains("c.bank").contains("was built with encoder");
    assertThat(out).doesNotExist();

    CliRun again = CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train(), "--out",
        bank.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("exists");

    byte[] bytes = Files.readAllBytes(bank);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(bank, bytes);
    CliRun corrupt = CliRun.of("segment", "--bank", bank.toString(), "--images", data.resolve("s/test").toString(),
        "--out", out.toString());
    assertThat(corrupt.code()).isEqualTo(2);
    assertThat(corrupt.err()).contains("c.bank");
    assertThat(out).doesNotExist();
  }
}
