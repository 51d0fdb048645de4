package org.aoissl.report;

import java.util.Arrays;

/** One named curve of a {@link LineChart}: points (x[i], y[i]); non-finite points are not drawn. */
public record LineSeries(String name, double[] x, double[] y) {
  public LineSeries {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("series name must not be blank");
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "series '" + name + "' has " + x.length + " x values and " + y.length + " y values");
    }
    x = x.clone();
    y = y.clone();
  }

  /** A curve over steps 0, 1, 2, ... */
  public static LineSeries ofSteps(String name, double[] y) {
    double[] x = new double[y.length];
    Arrays.setAll(x, i -> i);
    return new LineSeries(name, x, y);
  }

  @Override
  public double[] x() {
    return x.clone();
  }

  @Override
  public double[] y() {
    return y.clone();
  }

  public int size() {
    return x.length;
  }

  /**
   * At most about {@code maxPoints} points that draw the same picture: the finite points are cut into
   * {@code maxPoints / 2} runs of consecutive points and each run keeps its lowest and highest point
   * (in their order), so spikes survive; the first and last point are always kept.
   */
  public LineSeries decimate(int maxPoints) {
    if (maxPoints < 4) {
      throw new IllegalArgumentException("maxPoints must be at least 4; got " + maxPoints);
    }
    int n = 0;
    int[] idx = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        idx[n++] = i;
      }
    }
    if (n <= maxPoints) {
      return n == x.length ? this : pick(idx, n);
    }
    int buckets = (maxPoints - 2) / 2;
    int[] keep = new int[2 + 2 * buckets];
    int k = 0;
    keep[k++] = idx[0];
    int inner = n - 2; // points 1 .. n-2 go into buckets
    for (int b = 0; b < buckets; b++) {
      int from = 1 + (int) ((long) inner * b / buckets);
      int to = 1 + (int) ((long) inner * (b + 1) / buckets);
      if (from >= to) {
        continue;
      }
      int lo = idx[from];
      int hi = idx[from];
      for (int j = from + 1; j < to; j++) {
        int i = idx[j];
        if (y[i] < y[lo]) {
          lo = i;
        }
        if (y[i] > y[hi]) {
          hi = i;
        }
      }
      keep[k++] = Math.min(lo, hi);
      if (lo != hi) {
        keep[k++] = Math.max(lo, hi);
      }
    }
    keep[k++] = idx[n - 1];
    return pick(keep, k);
  }

  private LineSeries pick(int[] indices, int count) {
    double[] nx = new double[count];
    double[] ny = new double[count];
    for (int i = 0; i < count; i++) {
      nx[i] = x[indices[i]];
      ny[i] = y[indices[i]];
    }
    return new LineSeries(name, nx, ny);
  }
}
