package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.List;
import org.aoissl.data.Example;
import org.aoissl.data.Mask;
import org.aoissl.model.VisionTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Segmenting a support image against a bank that holds it: with k = 1 each patch retrieves itself
 * (cosine 1), so block voting must reproduce the label exactly, and score upsampling must agree with it
 * wherever a patch is all one class.
 */
class SegmenterTest {
  static NDManager manager;
  static VisionTransformer vit;
  static PatchEncoder enc;
  static Example ex;
  static MemoryBank bank;

  @BeforeAll
  static void setUp() throws IOException {
    manager = Engine.getEngine("PyTorch").newBaseManager();
    vit = BankFixtures.microVit(manager, 64, 11);
    enc = new PatchEncoder(vit, BankFixtures.NORM, BankFixtures.id(vit, "0000beef"));
    ex = BankFixtures.support(1, 64, 21).get(0);
    bank = BankBuilder.build(enc, List.of(ex), BankFixtures.classes(), new BankConfig(0, 0, true, 0), n -> { });
  }

  @AfterAll
  static void tearDown() {
    enc.close();
    vit.close();
    manager.close();
  }

  private static SegmentOptions options(String method, boolean blocks) {
    return new SegmentOptions(method, 1, 0.02f, new float[] {0.5f, 0.5f, 0.5f, 0.5f}, blocks, false, false);
  }

  @Test
  void blockVotingFromItselfReproducesTheLabel() {
    try (ExactIndex index = new ExactIndex(bank.keys(), bank.size(), bank.dim())) {
      Segmenter.Prediction p = new Segmenter(enc, bank, index, options("distance", true)).segment(ex.image());
      Mask gt = ex.mask();
      Mask pred = p.mask();
      assertThat(pred.height()).isEqualTo(gt.height());
      long checked = 0;
      for (int y = 0; y < gt.height(); y++) {
        for (int x = 0; x < gt.width(); x++) {
          if (!gt.isIgnored(y, x)) {
            assertThat(pred.classBits(y, x)).as("pixel %d,%d", y, x).isEqualTo(gt.classBits(y, x));
            checked++;
          }
        }
      }
      assertThat(checked).isGreaterThan(64 * 64 / 2);
      assertThat(p.timing().encode()).isPositive();
      assertThat(p.timing().search()).isPositive();
    }
  }

  @Test
  void patchScoresFromItselfAreTheFractionsInsideUniformPatches() {
    try (ExactIndex index = new ExactIndex(bank.keys(), bank.size(), bank.dim())) {
      Segmenter.Prediction p = new Segmenter(enc, bank, index, options("attention", false)).segment(ex.image());
      PatchLabels labels = PatchLabels.of(PatchEncoder.fitMask(ex.mask(), 8), 8);
      int k = bank.numClasses();
      // At a patch centre, bilinear upsampling of a patch grid is a mix of the 2x2 nearest patches with
      // weights 9/16, 3/16, 3/16, 1/16; where all four patches hold no class, the score must be 0.
      for (int gy = 1; gy < labels.gridH() - 1; gy++) {
        for (int gx = 1; gx < labels.gridW() - 1; gx++) {
          boolean empty = true;
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int cell = (gy + dy) * labels.gridW() + gx + dx;
              for (int c = 0; c < k; c++) {
                empty &= !labels.valid(cell) || labels.fraction(cell, c) == 0;
              }
            }
          }
          if (empty) {
            for (int c = 0; c < k; c++) {
              assertThat(p.scores()[(c * 64 + gy * 8 + 4) * 64 + gx * 8 + 4]).isZero();
            }
          }
        }
      }
      for (float s : p.scores()) {
        assertThat(s).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void shiftedGridsAndRefinementKeepScoresInRangeAndTheSize() {
    try (ExactIndex index = new ExactIndex(bank.keys(), bank.size(), bank.dim())) {
      SegmentOptions o = options("distance", false).withRefinements(false, true, true).withK(3);
      Segmenter.Prediction p = new Segmenter(enc, bank, index, o).segment(ex.image());
      assertThat(p.scores()).hasSize(4 * 64 * 64);
      for (float s : p.scores()) {
        assertThat(s).isBetween(0f, 1f);
      }
      assertThat(p.mask().width()).isEqualTo(64);
    }
  }

  @Test
  void segmentingSeveralImagesInOneSearchGivesWhatEachGetsAlone() {
    List<org.aoissl.data.AoiImage> images = new java.util.ArrayList<>();
    BankFixtures.support(3, 64, 77).forEach(e -> images.add(e.image()));
    BankFixtures.support(1, 72, 78).forEach(e -> images.add(e.image()));
    // an inverted file searches each query on its own, so batching cannot change a neighbour
    try (IvfIndex index = IvfIndex.build(bank.keys(), bank.size(), bank.dim(), 4, 5, 2, 3)) {
      for (SegmentOptions o : List.of(options("distance", true).withRefinements(true, true, false).withK(3),
          options("attention", false).withK(4))) {
        Segmenter seg = new Segmenter(enc, bank, index, o);
        List<Segmenter.Prediction> all = seg.segmentAll(images, 0);
        assertThat(all).hasSize(images.size());
        for (int i = 0; i < images.size(); i++) {
          Segmenter.Prediction alone = seg.segment(images.get(i));
          assertThat(all.get(i).scores()).as("image %d, %s", i, o.label()).containsExactly(alone.scores());
          assertThat(all.get(i).mask()).usingRecursiveComparison().isEqualTo(alone.mask());
          assertThat(all.get(i).timing().search()).isPositive();
        }
      }
      assertThat(new Segmenter(enc, bank, index, options("distance", false)).segmentAll(List.of(), 0)).isEmpty();
    }
  }

  @Test
  void blockVotingNeedsABankWithBlocks() throws IOException {
    MemoryBank plain = BankBuilder.build(enc, List.of(ex), BankFixtures.classes(), BankConfig.DEFAULT, n -> { });
    try (ExactIndex index = new ExactIndex(plain.keys(), plain.size(), plain.dim())) {
      assertThatThrownBy(() -> new Segmenter(enc, plain, index, options("distance", true)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--blocks");
    }
  }
}
