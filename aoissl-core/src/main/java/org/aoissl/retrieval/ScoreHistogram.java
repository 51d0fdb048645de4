package org.aoissl.retrieval;

import org.aoissl.data.Mask;

/**
 * Histograms of one class's scores over its positive and negative pixels, pooled over images, so the
 * IoU of every threshold can be read off at once: pixels scoring at or above t are predicted positive.
 * Ignored pixels are left out, as in evaluation.
 */
public final class ScoreHistogram {
  /** Threshold resolution: thresholds are multiples of 1/BINS. */
  public static final int BINS = 200;

  private final long[] positive = new long[BINS + 1];
  private final long[] negative = new long[BINS + 1];

  /** Adds plane {@code k} of a score map {@code [K, H, W]} against the same-size mask. */
  public void add(float[] scores, int k, Mask mask) {
    int h = mask.height();
    int w = mask.width();
    int base = k * h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (mask.isIgnored(y, x)) {
          continue;
        }
        int bin = bin(scores[base + y * w + x]);
        if (mask.get(k, y, x)) {
          positive[bin]++;
        } else {
          negative[bin]++;
        }
      }
    }
  }

  /** The bin a score falls in: a score s is counted as predicted at threshold t = b/BINS iff bin(s) ≥ b. */
  static int bin(float score) {
    if (!(score > 0)) {
      return 0;
    }
    return (int) Math.min(BINS, Math.floor(score * BINS + 1e-4));
  }

  public long positives() {
    long n = 0;
    for (long c : positive) {
      n += c;
    }
    return n;
  }

  /** IoU when predicting pixels whose bin is at least {@code b} (threshold b/BINS). */
  public double iouAtBin(int b) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i <= BINS; i++) {
      if (i >= b) {
        tp += positive[i];
        fp += negative[i];
      } else {
        fn += positive[i];
      }
    }
    long union = tp + fp + fn;
    return union == 0 ? Double.NaN : (double) tp / union;
  }

  /** The threshold in (0, 1] with the highest IoU (the lowest such threshold on ties). */
  public float bestThreshold() {
    int best = 1;
    double bestIou = -1;
    for (int b = 1; b <= BINS; b++) {
      double iou = iouAtBin(b);
      if (iou > bestIou) {
        bestIou = iou;
        best = b;
      }
    }
    return (float) best / BINS;
  }

  public double bestIou() {
    return iouAtBin(Math.round(bestThreshold() * BINS));
  }
}
