package org.aoissl.eval;

import org.aoissl.data.Mask;

/**
 * A multi-label pixel confusion matrix of {@code (K+1)×(K+1)} counts: row = ground-truth class, column
 * = predicted class, index K = "none" (the pixel has no class on that side). A pixel adds one count to
 * every (gt class, predicted class) pair it has, so a wire-and-epoxy pixel predicted as wire adds to
 * (wire, wire) and (epoxy, wire). Pixels the ground truth ignores are not counted.
 */
public final class Confusion {
  private final int numClasses;
  private final long[][] counts;

  public Confusion(int numClasses) {
    if (numClasses < 1 || numClasses > 8) {
      throw new IllegalArgumentException("numClasses must be in 1..8; got " + numClasses);
    }
    this.numClasses = numClasses;
    counts = new long[numClasses + 1][numClasses + 1];
  }

  public void add(String imageId, Mask pred, Mask gt) {
    Metrics.checkPair(imageId, pred, gt, numClasses);
    // Pixels repeat few (gt bits, pred bits) combinations: count those, expand once.
    long[][] combos = new long[1 << numClasses][1 << numClasses];
    for (int y = 0; y < gt.height(); y++) {
      for (int x = 0; x < gt.width(); x++) {
        if (!gt.isIgnored(y, x)) {
          combos[gt.classBits(y, x)][pred.classBits(y, x)]++;
        }
      }
    }
    for (int g = 0; g < combos.length; g++) {
      for (int p = 0; p < combos.length; p++) {
        long n = combos[g][p];
        if (n == 0) {
          continue;
        }
        for (int r : indices(g)) {
          for (int c : indices(p)) {
            counts[r][c] += n;
          }
        }
      }
    }
  }

  /** The class indices of a bit set, or {K} ("none") when it is empty. */
  private int[] indices(int bits) {
    if (bits == 0) {
      return new int[] {numClasses};
    }
    int[] out = new int[Integer.bitCount(bits)];
    int i = 0;
    for (int b = bits; b != 0; b &= b - 1) {
      out[i++] = Integer.numberOfTrailingZeros(b);
    }
    return out;
  }

  public int numClasses() {
    return numClasses;
  }

  /** Count of pixels with ground-truth class {@code gt} and predicted class {@code pred} (K = none). */
  public long count(int gt, int pred) {
    return counts[gt][pred];
  }

  /** A copy of the matrix, rows = ground truth, columns = prediction, last index = none. */
  public long[][] counts() {
    long[][] out = new long[numClasses + 1][];
    for (int i = 0; i <= numClasses; i++) {
      out[i] = counts[i].clone();
    }
    return out;
  }
}
