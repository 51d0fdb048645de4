package org.aoissl.pretrain.mae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class ReconstructionScoreTest {
  private static final int S = 16;
  private static final int P = 8;

  /** Two channels; a wire of 2 columns (x 2–3) through patch 0 (removed) and patch 2 (kept). */
  @Test
  void recoveryIsPredictedOverTrueContrastInRemovedPatchesWithSignsPerChannel() {
    Mask mask = new Mask(2, S, S);
    float[] target = new float[2 * S * S];
    float[] rec = new float[2 * S * S];
    for (int y = 0; y < S; y++) {
      for (int x = 0; x < S; x++) {
        boolean wire = x == 2 || x == 3;
        mask.set(0, y, x, wire);
        // Channel 0: wire bright (1 on 0); reconstruction 0.5 on 0.1 -> contrast 0.4 of 1.
        target[y * S + x] = wire ? 1 : 0;
        rec[y * S + x] = wire ? 0.5f : 0.1f;
        // Channel 1: wire dark (0 on 1); reconstruction 0.2 on 0.8 -> contrast -0.6 of -1, i.e. 0.6 recovered.
        target[S * S + y * S + x] = wire ? 0 : 1;
        rec[S * S + y * S + x] = wire ? 0.2f : 0.8f;
      }
    }
    // Patch 2 (rows 8-15, columns 0-7) is kept: its wire would score 0 here, but kept patches do not count.
    for (int y = P; y < S; y++) {
      rec[y * S + 2] = 0;
      rec[y * S + 3] = 0;
    }
    float[] removed = {1, 1, 0, 0};
    ReconstructionScore score = new ReconstructionScore(ClassSet.of("wire", "ball"));
    score.add(target, rec, removed, mask, P);
    List<ReconstructionScore.ClassScore> out = score.scores();
    assertThat(out.get(0).name()).isEqualTo("wire");
    assertThat(out.get(0).patches()).isEqualTo(1); // patch 1 (columns 8-15) has no wire
    assertThat(out.get(0).recovery()).isCloseTo((0.4 + 0.6) / 2, within(1e-6));
    assertThat(out.get(1).patches()).isZero();
    assertThat(out.get(1).recovery()).isNaN();
  }

  @Test
  void aFlatReconstructionScoresZeroAndTooFewPixelsDoNotCount() {
    Mask mask = new Mask(1, S, S);
    float[] target = new float[S * S];
    float[] flat = new float[S * S];
    java.util.Arrays.fill(flat, 0.3f);
    for (int y = 0; y < P; y++) {
      mask.set(0, y, 5, true); // 8 wire pixels in patch 0: exactly enough
      target[y * S + 5] = 1;
    }
    mask.set(0, 0, 12, true); // a single wire pixel in patch 1: too few
    target[12] = 1;
    ReconstructionScore score = new ReconstructionScore(ClassSet.of("wire"));
    score.add(target, flat, new float[] {1, 1, 1, 1}, mask, P);
    assertThat(score.scores().get(0).patches()).isEqualTo(1);
    assertThat(score.scores().get(0).recovery()).isCloseTo(0.0, within(1e-9));
  }
}
