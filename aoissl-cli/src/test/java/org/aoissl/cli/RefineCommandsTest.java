package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.MemoryBank;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bank build, tune, refine, add and segment with the refiner, end to end on tiny synthetic data. */
class RefineCommandsTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path ckpt;

  @BeforeAll
  static void prepare() {
    ckpt = TinyRun.prepare(data);
  }

  @Test
  void buildTuneRefineAddAndSegment() throws Exception {
    Path bank = dir.resolve("b.bank");
    String train = data.resolve("s/train").toString();
    assertThat(CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train, "--device", "d00", "--out",
        bank.toString()).code()).isZero();
    assertThat(CliRun.of("bank", "tune", bank.toString(), "--folds", "3").code()).isZero();

    Path test = data.resolve("s/test");
    CliRun none = CliRun.of("segment", "--bank", bank.toString(), "--images", test.toString(), "--out",
        dir.resolve("p0").toString(), "--refiner", "on");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("has no refiner; run 'aoissl bank refine' first");

    CliRun r = CliRun.of("bank", "refine", bank.toString(), "--steps", "20", "--crop", "32", "--width", "4",
        "--depth", "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("refiner trained on 6 labeled images (3 of them in the bank)")
        .contains("U-Net width 4 depth 2, 20 steps on 6 images");
    MemoryBank refined = BankFile.read(bank);
    assertThat(refined.refiner()).isNotNull();
    assertThat(CliRun.of("bank", "info", bank.toString()).out()).contains("refiner   U-Net width 4 depth 2");

    CliRun add = CliRun.of("bank", "add", bank.toString(), "--images", train, "--device", "d01");
    assertThat(add.code()).as(add.err()).isZero();
    MemoryBank added = BankFile.read(bank);
    assertThat(added.numImages()).isGreaterThan(refined.numImages());
    assertThat(added.refiner().tensors()).isEqualTo(refined.refiner().tensors());

    CliRun seg = CliRun.of("segment", "--bank", bank.toString(), "--images", test.toString(), "--out",
        dir.resolve("p1").toString());
    assertThat(seg.code()).as(seg.err()).isZero();
    assertThat(seg.out()).contains("+ refiner");
    CliRun off = CliRun.of("segment", "--bank", bank.toString(), "--images", test.toString(), "--out",
        dir.resolve("p2").toString(), "--refiner", "off");
    assertThat(off.out()).doesNotContain("+ refiner");

    // Other score options than the refiner's: auto says so and thresholds, on refuses.
    CliRun other = CliRun.of("segment", "--bank", bank.toString(), "--images", test.toString(), "--out",
        dir.resolve("p3").toString(), "--k", "17");
    assertThat(other.code()).as(other.err()).isZero();
    assertThat(other.err()).contains("the bank's refiner is not used");
    CliRun refused = CliRun.of("segment", "--bank", bank.toString(), "--images", test.toString(), "--out",
        dir.resolve("p4").toString(), "--k", "17", "--refiner", "on");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("has a refiner trained on scores of");

    CliRun bad = CliRun.of("segment", "--bank", bank.toString(), "--images", test.toString(), "--out",
        dir.resolve("p5").toString(), "--refiner", "maybe");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--refiner must be auto, on or off");
    CliRun both = CliRun.of("bank", "refine", bank.toString(), "--steps", "5", "--seconds", "5");
    assertThat(both.code()).isEqualTo(2);
  }

  @Test
  void theWholeChainRunsOnNonSquareImagesInAnotherLayout() throws Exception {
    // 150x100: neither square nor a multiple of the patch; converted from the bitmask layout to plain.
    Path raw = dir.resolve("raw");
    CliRun s = CliRun.of("synth", "transfer", "--out", raw.toString(), "--width", "150", "--height", "100", "--scale",
        "0.2", "--train", "3", "--test", "1", "--unlabeled", "0", "--channels", "2");
    assertThat(s.code()).as(s.err()).isZero();
    Path plain = dir.resolve("plain");
    CliRun c = CliRun.of("data", "convert", raw.resolve("train").toString(), "--to", "plain", "--out",
        plain.toString());
    assertThat(c.code()).as(c.err()).isZero();
    Path bank = dir.resolve("n.bank");
    assertThat(CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", plain.toString(), "--device", "a",
        "--out", bank.toString()).code()).isZero();
    assertThat(CliRun.of("bank", "tune", bank.toString(), "--folds", "3", "--method", "attention").code()).isZero();
    assertThat(BankFile.read(bank).settings().method()).isEqualTo("attention");
    CliRun r = CliRun.of("bank", "refine", bank.toString(), "--steps", "5", "--crop", "32", "--width", "4", "--depth",
        "2");
    assertThat(r.code()).as(r.err()).isZero();
    // The refiner reads distance scores: the bank is tuned again among those first.
    assertThat(r.out()).contains("the bank was tuned to attention; the refiner reads distance scores");
    MemoryBank refined = BankFile.read(bank);
    assertThat(refined.settings().method()).isEqualTo("distance");
    assertThat(refined.settings().tuned()).isTrue();
    Path pred = dir.resolve("np");
    CliRun seg = CliRun.of("segment", "--bank", bank.toString(), "--images", raw.resolve("test").toString(), "--out",
        pred.toString());
    assertThat(seg.code()).as(seg.err()).isZero();
    assertThat(seg.out()).contains("segmented 6 images").contains("+ refiner");
    CliRun e = CliRun.of("eval", "--pred", pred.toString(), "--gt", raw.resolve("test").toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("pooled");
  }
}
