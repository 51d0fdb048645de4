package org.aoissl.retrieval;

import org.aoissl.data.Mask;

/**
 * Per-class thresholds that turn score maps into a multi-label mask. Each class has its own threshold
 * because the classes differ widely in area and in how confidently retrieval scores them (a thin wire
 * rarely fills a patch, so its fractions stay low).
 */
public final class Thresholds {
  private Thresholds() {}

  /**
   * A pixel has class k iff {@code score_k >= thresholds[k]}; classes are decided independently, so a
   * pixel may get several or none. The mask has no ignored pixels.
   *
   * @param scores {@code [K, H, W]}
   * @param thresholds one per class, each in (0, 1] (0 would switch the class on everywhere)
   */
  public static Mask apply(float[] scores, float[] thresholds, int numClasses, int h, int w) {
    ScoreMaps.checkLength("scores", scores, numClasses, h, w);
    validate(thresholds, numClasses);
    Mask mask = new Mask(numClasses, h, w);
    int plane = h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int bits = 0;
        for (int c = 0; c < numClasses; c++) {
          if (scores[c * plane + y * w + x] >= thresholds[c]) {
            bits |= 1 << c;
          }
        }
        mask.setClassBits(y, x, bits);
      }
    }
    return mask;
  }

  /** Checks one threshold per class, each in (0, 1]. */
  public static void validate(float[] thresholds, int numClasses) {
    if (thresholds.length != numClasses) {
      throw new IllegalArgumentException(
          "expected " + numClasses + " thresholds (one per class); got " + thresholds.length);
    }
    for (int c = 0; c < numClasses; c++) {
      if (!(thresholds[c] > 0 && thresholds[c] <= 1)) {
        throw new IllegalArgumentException(
            "threshold of class " + c + " must be in (0, 1]; got " + thresholds[c]);
      }
    }
  }
}
