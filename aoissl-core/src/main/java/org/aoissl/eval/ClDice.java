package org.aoissl.eval;

import org.aoissl.data.Mask;

/**
 * Centerline Dice (Shit et al., CVPR 2021): how well the prediction keeps the topology of thin
 * structures such as wires. With S the {@link Skeleton#centerline Zhang–Suen skeleton} (a shape that
 * thinning would erase keeps one pixel), topology precision
 * {@code Tprec = |S(pred) ∩ gt| / |S(pred)|}, topology sensitivity {@code Tsens = |S(gt) ∩ pred| /
 * |S(gt)|} and {@code clDice = 2·Tprec·Tsens / (Tprec + Tsens)}. A broken wire loses sensitivity even
 * when its IoU barely drops.
 *
 * <p>Both masks are skeletonised with the ground truth's ignored pixels cleared. A class absent from
 * both masks of an image adds nothing; a skeleton on one side only scores 0. Accumulated per class,
 * pooled (the four counts summed over images) and as a per-image mean.
 */
public final class ClDice {
  private final int numClasses;
  /** Per class: |S(pred) ∩ gt|, |S(pred)|, |S(gt) ∩ pred|, |S(gt)|. */
  private final long[][] counts;
  private final double[] imageSum;
  private final int[] imageCount;

  public ClDice(int numClasses) {
    if (numClasses < 1 || numClasses > 8) {
      throw new IllegalArgumentException("numClasses must be in 1..8; got " + numClasses);
    }
    this.numClasses = numClasses;
    counts = new long[numClasses][4];
    imageSum = new double[numClasses];
    imageCount = new int[numClasses];
  }

  public void add(String imageId, Mask pred, Mask gt) {
    Metrics.checkPair(imageId, pred, gt, numClasses);
    int h = gt.height();
    int w = gt.width();
    for (int k = 0; k < numClasses; k++) {
      long[] c = counts(Metrics.plane(pred, k, gt), Metrics.plane(gt, k, gt), h, w);
      for (int i = 0; i < 4; i++) {
        counts[k][i] += c[i];
      }
      double v = Metrics.f1(c[0], c[1], c[2], c[3]);
      if (!Double.isNaN(v)) {
        imageSum[k] += v;
        imageCount[k]++;
      }
    }
  }

  /** {@code |S(pred) ∩ gt|, |S(pred)|, |S(gt) ∩ pred|, |S(gt)|} of one pair of binary masks. */
  public static long[] counts(boolean[] pred, boolean[] gt, int h, int w) {
    boolean[] sp = Skeleton.centerline(pred, h, w);
    boolean[] sg = Skeleton.centerline(gt, h, w);
    long[] c = new long[4];
    for (int i = 0; i < sp.length; i++) {
      if (sp[i]) {
        c[1]++;
        c[0] += gt[i] ? 1 : 0;
      }
      if (sg[i]) {
        c[3]++;
        c[2] += pred[i] ? 1 : 0;
      }
    }
    return c;
  }

  /** clDice of one pair of binary masks; NaN when both skeletons are empty. */
  public static double of(boolean[] pred, boolean[] gt, int h, int w) {
    long[] c = counts(pred, gt, h, w);
    return Metrics.f1(c[0], c[1], c[2], c[3]);
  }

  /** Per-class clDice from counts summed over all images. */
  public double[] pooled() {
    double[] out = new double[numClasses];
    for (int k = 0; k < numClasses; k++) {
      long[] c = counts[k];
      out[k] = Metrics.f1(c[0], c[1], c[2], c[3]);
    }
    return out;
  }

  /** Per-class mean of per-image clDice over the images where the class has a skeleton. */
  public double[] perImageMean() {
    return Metrics.means(imageSum, imageCount);
  }

  /** Pooled topology precision per class (NaN without any predicted skeleton). */
  public double[] topologyPrecision() {
    double[] out = new double[numClasses];
    for (int k = 0; k < numClasses; k++) {
      out[k] = Metrics.ratio(counts[k][0], counts[k][1]);
    }
    return out;
  }

  /** Pooled topology sensitivity per class (NaN without any ground-truth skeleton). */
  public double[] topologySensitivity() {
    double[] out = new double[numClasses];
    for (int k = 0; k < numClasses; k++) {
      out[k] = Metrics.ratio(counts[k][2], counts[k][3]);
    }
    return out;
  }
}
