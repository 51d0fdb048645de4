package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Example;
import org.aoissl.data.Mask;
import org.aoissl.data.Resize;
import org.aoissl.model.VisionTransformer;
import org.junit.jupiter.api.Test;

/**
 * A support image shown at half the magnification (twice the pixel pitch) is segmented at the bank's
 * pitch when its pitch is given: the mask has the query's size and matches the shrunk label better than
 * segmenting the small image as it is.
 */
class SegmenterPitchTest {
  private static double agreement(Mask a, Mask b) {
    long same = 0;
    for (int y = 0; y < a.height(); y++) {
      for (int x = 0; x < a.width(); x++) {
        same += a.classBits(y, x) == b.classBits(y, x) ? 1 : 0;
      }
    }
    return same / (double) (a.height() * a.width());
  }

  @Test
  void queriesOfAnotherPitchAreSegmentedAtTheBanksPitch() throws Exception {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      VisionTransformer vit = BankFixtures.microVit(m, 64, 12);
      try (PatchEncoder enc = new PatchEncoder(vit, BankFixtures.NORM, BankFixtures.id(vit, "0000cafe"))) {
        List<Example> support = BankFixtures.support(3, 64, 31);
        MemoryBank bank = BankBuilder.build(enc, support, BankFixtures.classes(),
            new BankConfig(0, 0, true, 0, "none", 1.0), n -> { });
        SegmentOptions o = new SegmentOptions("distance", 1, 0.05f, new float[] {0.5f, 0.5f, 0.5f, 0.5f}, true,
            false, false);
        Example e = support.get(0);
        AoiImage small = Resize.image(e.image(), 32, 32); // pitch 2: half the pixels per side
        Mask truth = Resize.mask(e.mask(), 32, 32);
        try (ExactIndex index = new ExactIndex(bank.keys(), bank.size(), bank.dim())) {
          Segmenter s = new Segmenter(enc, bank, index, o);
          Segmenter.Prediction atPitch = s.segment(small, 2.0);
          Segmenter.Prediction asIs = s.segment(small, 0);
          assertThat(atPitch.mask().height()).isEqualTo(32);
          assertThat(atPitch.mask().width()).isEqualTo(32);
          assertThat(atPitch.scores()).hasSize(4 * 32 * 32);
          assertThat(s.segment(small, 1.0).scores()).as("the bank's own pitch: nothing resampled")
              .containsExactly(asIs.scores());
          // The contract: enlarged to the bank's pitch, segmented there, scores brought back.
          float[] expected = ScoreMaps.upsample(s.segment(Resize.image(small, 64, 64)).scores(), 4, 64, 64, 32, 32);
          assertThat(atPitch.scores()).containsExactly(expected);
          double good = agreement(atPitch.mask(), truth);
          double bad = agreement(asIs.mask(), truth);
          assertThat(good).as("at the bank's pitch %.3f, as is %.3f", good, bad).isGreaterThan(bad + 0.05);
        }
      }
      vit.close();
    }
  }

  @Test
  void scaleIsOneWhenEitherPitchIsUnknown() {
    assertThat(new BankConfig(0, 0, false, 0, "none", 0).toBankScale(2.0)).isEqualTo(1.0);
    assertThat(new BankConfig(0, 0, false, 0, "none", 1.5).toBankScale(0)).isEqualTo(1.0);
    assertThat(new BankConfig(0, 0, false, 0, "none", 1.5).toBankScale(3.0)).isEqualTo(2.0);
    assertThat(new BankConfig(0, 0, true, 0, "none", 1.0).toBankScale(1.005)).isEqualTo(1.0);
  }
}
