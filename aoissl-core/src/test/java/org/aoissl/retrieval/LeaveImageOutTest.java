package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Example;
import org.aoissl.model.VisionTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Leave-image-out scores of a support image equal the scores against a bank built without it, for every
 * aggregator (the image method blends support masks, so it must skip the held-out one too), and differ
 * from the scores against the full bank, where the image finds itself.
 */
class LeaveImageOutTest {
  static NDManager manager;
  static VisionTransformer vit;
  static PatchEncoder enc;
  static List<Example> support;
  static MemoryBank full;
  static MemoryBank withoutFirst;

  @BeforeAll
  static void setUp() throws IOException {
    manager = Engine.getEngine("PyTorch").newBaseManager();
    vit = BankFixtures.microVit(manager, 64, 12);
    enc = new PatchEncoder(vit, BankFixtures.NORM, BankFixtures.id(vit, "0000cafe"));
    support = BankFixtures.support(3, 64, 31);
    BankConfig cfg = new BankConfig(0, 0, true, 0);
    full = BankBuilder.build(enc, support, BankFixtures.classes(), cfg, n -> { });
    withoutFirst = BankBuilder.build(enc, support.subList(1, 3), BankFixtures.classes(), cfg, n -> { });
  }

  @AfterAll
  static void tearDown() {
    enc.close();
    vit.close();
    manager.close();
  }

  private static SegmentOptions options(String method, boolean blocks, boolean shifted) {
    return new SegmentOptions(method, method.equals("image") ? 1 : 3, 0.05f, new float[] {0.5f, 0.5f, 0.5f, 0.5f},
        blocks, shifted, false);
  }

  private static float[] against(MemoryBank bank, SegmentOptions o, AoiImage image) {
    try (ExactIndex index = new ExactIndex(bank.keys(), bank.size(), bank.dim())) {
      return new Segmenter(enc, bank, index, o).segment(image).scores();
    }
  }

  @Test
  void scoresAreThoseOfABankWithoutTheImage() {
    Example first = support.get(0);
    for (SegmentOptions o : List.of(options("distance", false, false), options("attention", true, false),
        options("distance", true, true), options("image", false, false))) {
      float[] lio = LeaveImageOut.scores(full, enc, o, "s0", first.image());
      float[] expected = against(withoutFirst, o, first.image());
      float[] seen = against(full, o, first.image());
      assertThat(lio).as(o.label()).hasSameSizeAs(expected);
      for (int i = 0; i < lio.length; i++) {
        assertThat(lio[i]).as("%s value %d", o.label(), i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
      double diff = 0;
      for (int i = 0; i < lio.length; i++) {
        diff += Math.abs(lio[i] - seen[i]);
      }
      assertThat(diff).as("%s: with the image in the bank the scores must differ", o.label()).isGreaterThan(1.0);
    }
  }

  @Test
  void augmentedViewsLeaveWithTheirImage() throws IOException {
    MemoryBank views = BankBuilder.build(enc, support, BankFixtures.classes(), new BankConfig(2, 0, true, 7),
        n -> { });
    assertThat(views.images().stream().filter(im -> im.id().equals("s0")).count()).isEqualTo(3);
    int[] kept = BankTuner.keptEntries(views, Set.of("s0"));
    long others = java.util.stream.IntStream.range(0, views.size())
        .filter(e -> !views.image(views.imageOf(e)).id().equals("s0")).count();
    assertThat(kept).hasSize((int) others);
    for (int e : kept) {
      assertThat(views.image(views.imageOf(e)).id()).isNotEqualTo("s0");
    }
  }

  @Test
  void aBankOfOnlyThatImageIsRefused() throws IOException {
    MemoryBank one = BankBuilder.build(enc, support.subList(0, 1), BankFixtures.classes(), new BankConfig(0, 0, true, 0),
        n -> { });
    assertThatThrownBy(() -> LeaveImageOut.scores(one, enc, options("distance", false, false), "s0",
        support.get(0).image())).hasMessageContaining("leave-image-out needs two");
  }

  @Test
  void aRefinerTrainedOnOtherScoresIsRefused() {
    ScoreRefiner r = new ScoreRefiner() {
      @Override
      public float[] refine(AoiImage image, float[] scores) {
        return scores;
      }

      @Override
      public SegmentOptions scoreOptions() {
        return options("distance", true, false);
      }
    };
    try (ExactIndex index = new ExactIndex(full.keys(), full.size(), full.dim())) {
      assertThatThrownBy(() -> new Segmenter(enc, full, index, options("distance", false, false), Set.of(), r))
          .hasMessageContaining("refiner was trained on scores of 'distance k=3 +blocks'");
      // thresholds do not matter to the scores
      new Segmenter(enc, full, index, options("distance", true, false).withThresholds(new float[] {0.1f, 0.2f, 0.3f,
          0.4f}), Set.of(), r);
    }
  }
}
