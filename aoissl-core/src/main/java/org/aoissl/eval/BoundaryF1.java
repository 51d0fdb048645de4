package org.aoissl.eval;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.Mask;

/**
 * Boundary F1 (the BF score of Csurka et al., BMVC 2013) per class: how well predicted outlines lie on
 * the true ones. A boundary pixel is a class pixel with a 4-neighbour inside the image that is not of
 * the class (the image border makes no boundary). Precision is the share of predicted boundary pixels
 * within {@code tolerance} pixels (Euclidean) of a ground-truth boundary pixel, recall the reverse.
 * Masks are taken with the ground truth's ignored pixels cleared. Counts are pooled over images.
 */
public final class BoundaryF1 {
  public static final int DEFAULT_TOLERANCE = 2;

  private final int numClasses;
  private final int tolerance;
  /** Offsets {dy, dx} within the tolerance disc, nearest first. */
  private final int[][] disc;
  /** Per class: matched predicted, predicted, matched gt, gt boundary pixels. */
  private final long[][] counts;

  public BoundaryF1(int numClasses) {
    this(numClasses, DEFAULT_TOLERANCE);
  }

  public BoundaryF1(int numClasses, int tolerance) {
    if (numClasses < 1 || numClasses > 8) {
      throw new IllegalArgumentException("numClasses must be in 1..8; got " + numClasses);
    }
    if (tolerance < 0) {
      throw new IllegalArgumentException("tolerance must be >= 0 pixels; got " + tolerance);
    }
    this.numClasses = numClasses;
    this.tolerance = tolerance;
    this.disc = disc(tolerance);
    this.counts = new long[numClasses][4];
  }

  private static int[][] disc(int t) {
    List<int[]> d = new ArrayList<>();
    for (int dy = -t; dy <= t; dy++) {
      for (int dx = -t; dx <= t; dx++) {
        if (dy * dy + dx * dx <= t * t) {
          d.add(new int[] {dy, dx});
        }
      }
    }
    d.sort((a, b) -> Integer.compare(a[0] * a[0] + a[1] * a[1], b[0] * b[0] + b[1] * b[1]));
    return d.toArray(new int[0][]);
  }

  public int tolerance() {
    return tolerance;
  }

  public void add(String imageId, Mask pred, Mask gt) {
    Metrics.checkPair(imageId, pred, gt, numClasses);
    int h = gt.height();
    int w = gt.width();
    for (int k = 0; k < numClasses; k++) {
      boolean[] bp = boundary(Metrics.plane(pred, k, gt), h, w);
      boolean[] bg = boundary(Metrics.plane(gt, k, gt), h, w);
      long[] c = counts[k];
      c[0] += matched(bp, bg, h, w);
      c[1] += cardinality(bp);
      c[2] += matched(bg, bp, h, w);
      c[3] += cardinality(bg);
    }
  }

  /** Class pixels with a 4-neighbour inside the image that is not of the class. */
  public static boolean[] boundary(boolean[] m, int h, int w) {
    boolean[] b = new boolean[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        b[i] = m[i] && ((y > 0 && !m[i - w]) || (y < h - 1 && !m[i + w])
            || (x > 0 && !m[i - 1]) || (x < w - 1 && !m[i + 1]));
      }
    }
    return b;
  }

  /** How many pixels of {@code a} have a pixel of {@code b} within the tolerance. */
  private long matched(boolean[] a, boolean[] b, int h, int w) {
    long n = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (a[y * w + x] && near(b, y, x, h, w)) {
          n++;
        }
      }
    }
    return n;
  }

  private boolean near(boolean[] b, int y, int x, int h, int w) {
    for (int[] o : disc) {
      int yy = y + o[0];
      int xx = x + o[1];
      if (yy >= 0 && yy < h && xx >= 0 && xx < w && b[yy * w + xx]) {
        return true;
      }
    }
    return false;
  }

  private static long cardinality(boolean[] b) {
    long n = 0;
    for (boolean v : b) {
      n += v ? 1 : 0;
    }
    return n;
  }

  /** Pooled boundary precision per class (NaN without predicted boundary). */
  public double[] precision() {
    double[] out = new double[numClasses];
    for (int k = 0; k < numClasses; k++) {
      out[k] = Metrics.ratio(counts[k][0], counts[k][1]);
    }
    return out;
  }

  /** Pooled boundary recall per class (NaN without ground-truth boundary). */
  public double[] recall() {
    double[] out = new double[numClasses];
    for (int k = 0; k < numClasses; k++) {
      out[k] = Metrics.ratio(counts[k][2], counts[k][3]);
    }
    return out;
  }

  /** Pooled boundary F1 per class; NaN when neither mask has a boundary of the class anywhere. */
  public double[] f1() {
    double[] out = new double[numClasses];
    for (int k = 0; k < numClasses; k++) {
      long[] c = counts[k];
      out[k] = Metrics.f1(c[0], c[1], c[2], c[3]);
    }
    return out;
  }
}
