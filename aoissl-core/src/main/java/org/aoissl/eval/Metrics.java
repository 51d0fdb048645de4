package org.aoissl.eval;

import org.aoissl.data.Mask;

/** Small shared arithmetic and checks for the meters. */
final class Metrics {
  private Metrics() {}

  /** {@code num / den}, NaN when {@code den} is 0 (the quantity is undefined, not zero). */
  static double ratio(long num, long den) {
    return den == 0 ? Double.NaN : (double) num / den;
  }

  /**
   * Harmonic mean of {@code aHit/aTotal} and {@code bHit/bTotal}. NaN when both sides are empty; when
   * only one is, its undefined ratio counts as 0 so that predicting nothing (or only false
   * structure) scores 0 rather than disappearing from the mean.
   */
  static double f1(long aHit, long aTotal, long bHit, long bTotal) {
    if (aTotal == 0 && bTotal == 0) {
      return Double.NaN;
    }
    double a = aTotal == 0 ? 0 : (double) aHit / aTotal;
    double b = bTotal == 0 ? 0 : (double) bHit / bTotal;
    return a + b == 0 ? 0 : 2 * a * b / (a + b);
  }

  /** Mean of the values that are not NaN; NaN when there are none. */
  static double nanMean(double[] v) {
    double sum = 0;
    int n = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        sum += x;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Per-class means of per-image values, NaN where no image contributed. */
  static double[] means(double[] sums, int[] counts) {
    double[] out = new double[sums.length];
    for (int k = 0; k < sums.length; k++) {
      out[k] = counts[k] == 0 ? Double.NaN : sums[k] / counts[k];
    }
    return out;
  }

  static void checkPair(String imageId, Mask pred, Mask gt, int numClasses) {
    if (pred.height() != gt.height() || pred.width() != gt.width()) {
      throw new IllegalArgumentException("image " + imageId + ": prediction is " + pred.width() + "x"
          + pred.height() + " but ground truth is " + gt.width() + "x" + gt.height());
    }
    if (pred.numClasses() != numClasses || gt.numClasses() != numClasses) {
      throw new IllegalArgumentException("image " + imageId + ": prediction has " + pred.numClasses()
          + " classes and ground truth " + gt.numClasses() + "; expected " + numClasses);
    }
  }

  /**
   * Plane k of a mask as a binary image with the ground truth's ignored pixels cleared, so that
   * prediction and ground truth see the same holes and an ignored pixel counts in neither.
   */
  static boolean[] plane(Mask m, int k, Mask gt) {
    int h = m.height();
    int w = m.width();
    boolean[] out = new boolean[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = m.get(k, y, x) && !gt.isIgnored(y, x);
      }
    }
    return out;
  }
}
