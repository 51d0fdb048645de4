package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

/**
 * Toy banks of 2×2-patch images (p = 2, D = 2, one class) whose keys are exactly two directions: a
 * "wire" direction and a "background" direction. Whether cross-validation finds the right setting, and
 * whether it leaks a held-out image's own entries, can then be reasoned out by hand.
 */
class BankTunerTest {
  private static final float[] WIRE = {1, 0};
  private static final float[] BACKGROUND = {0, 1};

  /** Adds an image whose top-left patch is class 0 (key {@code posKey}) and the rest background. */
  private static BankTuner.Query addImage(MemoryBank bank, String id, float[] posKey, float[] negKey) {
    Mask m = new Mask(1, 4, 4);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        m.set(0, y, x, true);
      }
    }
    int img = bank.addImage(new BankImage(id, "dev", 2, 2, new float[] {0.6f, 0.8f}, m, 0));
    float[] patches = new float[4 * 2];
    for (int cell = 0; cell < 4; cell++) {
      float[] key = cell == 0 ? posKey : negKey;
      System.arraycopy(key, 0, patches, cell * 2, 2);
      bank.addEntry(img, cell, key, 0, new float[] {cell == 0 ? 1f : 0f}, 0);
    }
    return new BankTuner.Query(img, new PatchEncoder.Encoded(2, 2, new float[] {0.6f, 0.8f}, patches));
  }

  private static MemoryBank bank() {
    return bank(BankConfig.DEFAULT);
  }

  private static MemoryBank bank(BankConfig cfg) {
    EncoderId id = new EncoderId("toy.ckpt", "00000000", 2, 2, 1, new float[] {0}, new float[] {1}, 64);
    return new MemoryBank(ClassSet.of("wire"), id, cfg);
  }

  @Test
  void withLabelBlocksBlockVotingIsTriedAndIsPixelExact() {
    MemoryBank bank = bank(new BankConfig(0, 0, true, 0));
    List<BankTuner.Query> q = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      q.add(addImage(bank, "img" + i, WIRE, BACKGROUND));
    }
    BankTuner.Result r = BankTuner.tune(bank, q, 3, 1, java.util.Set.of("distance"), n -> { });
    // 6 k values, with and without blocks.
    assertThat(r.candidates()).hasSize(12);
    BankTuner.Candidate blocks = r.candidates().stream().filter(c -> c.blocks() && c.k() == 1).findFirst()
        .orElseThrow();
    // The wire patch votes with another image's all-wire block: every pixel scores exactly 1 or 0.
    assertThat(blocks.miou()).isCloseTo(1.0, within(1e-9));
    assertThat(blocks.label()).isEqualTo("distance k=1 +blocks");
  }

  @Test
  void consistentSupportIsSegmentedPerfectlyByTheNearestPatch() {
    MemoryBank bank = bank();
    List<BankTuner.Query> q = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      q.add(addImage(bank, "img" + i, WIRE, BACKGROUND));
    }
    BankTuner.Result r = BankTuner.tune(bank, q, 4, 1, n -> { });
    // With k = 1 every held-out patch finds a patch of the same kind in another image: score 1 on the
    // wire patch, 0 elsewhere. After bilinear upsampling the 2×2 wire patch still scores above the
    // background around it, so some threshold separates them exactly: IoU 1.
    BankTuner.Candidate best = r.candidates().stream()
        .filter(c -> c.method().equals("distance") && c.k() == 1).findFirst().orElseThrow();
    assertThat(best.miou()).isCloseTo(1.0, within(1e-9));
    assertThat(r.best().tuned()).isTrue();
    assertThat(r.best().thresholds()[0]).isGreaterThan(0f).isLessThanOrEqualTo(1f);
    assertThat(r.folds()).isEqualTo(4);
  }

  @Test
  void heldOutImagesNeverFindThemselves() {
    MemoryBank bank = bank();
    List<BankTuner.Query> q = new ArrayList<>();
    // Two images with the same keys but opposite labels: the wire key means wire in one image and
    // background in the other. Retrieval from itself would be perfect; retrieval from the other image
    // is exactly wrong, so no patch method can reach an IoU above what predicting everything gives.
    q.add(addImage(bank, "a", WIRE, BACKGROUND));
    q.add(addImage(bank, "b", BACKGROUND, WIRE));
    BankTuner.Result r = BankTuner.tune(bank, q, 2, 1, n -> { });
    for (BankTuner.Candidate c : r.candidates()) {
      if (!c.method().equals("image")) {
        // Predict-all: 8 wire pixels out of 32 counted -> 0.25.
        assertThat(c.miou()).as(c.label()).isLessThanOrEqualTo(0.25 + 1e-9);
      }
    }
  }

  @Test
  void oneSupportImageCannotBeCrossValidated() {
    MemoryBank bank = bank();
    List<BankTuner.Query> q = List.of(addImage(bank, "only", WIRE, BACKGROUND));
    assertThatThrownBy(() -> BankTuner.tune(bank, q, 5, 1, n -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
  }

  /** A 4×4 mask whose 2×2 cell {@code cell} (0 top-left … 3 bottom-right) is class 0. */
  private static Mask cellMask(int cell) {
    Mask m = new Mask(1, 4, 4);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        m.set(0, cell / 2 * 2 + y, cell % 2 * 2 + x, true);
      }
    }
    return m;
  }

  /** Keys of a 2×2 grid: the wire key at {@code wireCell} and {@code decoyCell} (-1: none), else background. */
  private static float[] cellKeys(int wireCell, int decoyCell) {
    float[] patches = new float[4 * 2];
    for (int cell = 0; cell < 4; cell++) {
      System.arraycopy(cell == wireCell || cell == decoyCell ? WIRE : BACKGROUND, 0, patches, cell * 2, 2);
    }
    return patches;
  }

  @Test
  void shiftsRejectImageBlendingWhereItCannotTransfer() {
    // Every support image has its wire in the top-left cell and the same CLS, so blending whole support
    // masks is exact on them (plain IoU 1), while patch retrieval is misled by decoys: background cells
    // that look like wire in half the images. A new device moves the part (wire in the bottom-right
    // cell): the blended masks put the wire where it no longer is; the patches still find it.
    MemoryBank bank = bank();
    float[] cls = {0.6f, 0.8f};
    List<BankTuner.Query> plain = new ArrayList<>();
    List<BankTuner.Query> withShifts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int decoy = i % 2 == 0 ? 2 : -1;
      int img = bank.addImage(new BankImage("img" + i, "dev", 2, 2, cls, cellMask(0), 0));
      float[] keys = cellKeys(0, decoy);
      for (int cell = 0; cell < 4; cell++) {
        bank.addEntry(img, cell, keys, cell * 2, new float[] {cell == 0 ? 1f : 0f}, 0);
      }
      BankTuner.Query q = new BankTuner.Query(img, new PatchEncoder.Encoded(2, 2, cls, keys));
      plain.add(q);
      withShifts.add(q);
      withShifts.add(new BankTuner.Query(img, new PatchEncoder.Encoded(2, 2, cls, cellKeys(3, -1)), cellMask(3),
          true));
    }
    BankTuner.Result p = BankTuner.tune(bank, plain, 4, 1, n -> { });
    assertThat(p.best().method()).as("plain cross-validation").isEqualTo("image");

    BankTuner.Result s = BankTuner.tune(bank, withShifts, 4, 1, n -> { });
    assertThat(s.best().method()).as("under shifts").isNotEqualTo("image");
    BankTuner.Candidate image = s.candidates().stream().filter(c -> c.method().equals("image"))
        .max(java.util.Comparator.comparingDouble(BankTuner.Candidate::miou)).orElseThrow();
    assertThat(image.miou()).as("plain").isCloseTo(1.0, within(1e-9));
    assertThat(image.shiftedMiou()).isLessThanOrEqualTo(0.25 + 1e-9); // at best everything, 4 of 16 pixels
    assertThat(BankTuner.bestShifted(s.candidates())).isCloseTo(1.0, within(1e-9));
    assertThat(s.chosen().shiftedMiou()).isGreaterThanOrEqualTo(0.9);
    assertThat(s.chosen().miou()).as("plain decides among those that transfer").isEqualTo(
        s.candidates().stream().filter(c -> c.shiftedMiou() >= 0.9).mapToDouble(BankTuner.Candidate::miou).max()
            .orElseThrow());
    assertThat(s.best().notes()).contains("under new-device shifts");
    assertThat(p.chosen().shiftedMiou()).as("no shifted queries").isNaN();
  }

  @Test
  void shiftedQueriesMoveImageAndMaskTogether() {
    Mask m = new Mask(1, 32, 32);
    float[] px = new float[32 * 32];
    for (int y = 8; y < 20; y++) {
      for (int x = 4; x < 14; x++) {
        m.set(0, y, x, true);
        px[y * 32 + x] = 1f;
      }
    }
    org.aoissl.data.AoiImage im = new org.aoissl.data.AoiImage(1, 32, 32, 8, px);
    org.aoissl.data.augment.Augmented a = BankTuner.shiftedQuery(im, m, 3, "img", 1);
    org.aoissl.data.augment.Augmented again = BankTuner.shiftedQuery(im, m, 3, "img", 1);
    assertThat(again.image().data()).containsExactly(a.image().data());
    assertThat(again.mask()).isEqualTo(a.mask());
    assertThat(BankTuner.shiftedQuery(im, m, 3, "img", 2).mask()).as("another shift").isNotEqualTo(a.mask());
    double in = 0;
    double out = 0;
    long nIn = 0;
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        float v = a.image().data()[y * 32 + x];
        if (a.mask().get(0, y, x)) {
          in += v;
          nIn++;
        } else {
          out += v;
        }
      }
    }
    assertThat(nIn).isPositive();
    assertThat(in / nIn).as("the bright square is where the moved mask says").isGreaterThan(out / (32 * 32 - nIn) + 0.3);
  }
}
