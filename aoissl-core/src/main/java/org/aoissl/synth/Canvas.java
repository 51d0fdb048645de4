package org.aoissl.synth;

/**
 * The working planes of one render: the two buffers being painted and the coverage of each layer
 * that the mask is built from. Pixel (x, y) covers [x, x+1)×[y, y+1); its centre is (x+0.5, y+0.5).
 * One canvas per render call, so renders share nothing.
 */
final class Canvas {
  final int w;
  final int h;
  final float[] c0;
  final float[] c1;
  /** Coverage of leadframe metal, kept for its edges. */
  final float[] metal;
  /** Smooth material texture, roughly in [-1, 1]. */
  final float[] tex;
  /** Per pixel, the layers whose coverage reached 0.5: the raw material of the mask. */
  final byte[] layers;

  static final int WIRE = 1;
  static final int BALL = 2;
  static final int WEDGE = 4;
  static final int EPOXY = 8;
  static final int DIE = 16;

  Canvas(int w, int h) {
    this.w = w;
    this.h = h;
    int n = w * h;
    c0 = new float[n];
    c1 = new float[n];
    metal = new float[n];
    tex = new float[n];
    layers = new byte[n];
  }

  /**
   * Paints colour (v0, v1) over pixel i with the given coverage, and records the layer where the
   * coverage is at least 0.5 (the crisp rule the mask uses).
   */
  void over(int i, float cov, float v0, float v1, int layer) {
    c0[i] += (v0 - c0[i]) * cov;
    c1[i] += (v1 - c1[i]) * cov;
    if (cov >= 0.5f) {
      layers[i] |= (byte) layer;
    }
  }

  /**
   * Adds a convex polygon (vertices in either winding) to a coverage plane by maximum. Coverage is
   * 0.5 plus the signed distance to the nearest edge, clamped to [0, 1]: exact along straight edges,
   * so "coverage >= 0.5" is exactly "pixel centre inside".
   */
  void fillConvex(float[] cov, double[] xs, double[] ys) {
    int m = xs.length;
    double[] nx = new double[m];
    double[] ny = new double[m];
    double[] c = new double[m];
    double area = 0;
    for (int k = 0; k < m; k++) {
      int l = (k + 1) % m;
      area += xs[k] * ys[l] - xs[l] * ys[k];
    }
    double sign = area > 0 ? 1 : -1;
    for (int k = 0; k < m; k++) {
      int l = (k + 1) % m;
      double ex = xs[l] - xs[k];
      double ey = ys[l] - ys[k];
      double len = Math.hypot(ex, ey);
      // The left normal points inward when the shoelace area is positive.
      nx[k] = -ey / len * sign;
      ny[k] = ex / len * sign;
      c[k] = -(nx[k] * xs[k] + ny[k] * ys[k]);
    }
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (double y : ys) {
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    int y0 = Math.max(0, (int) Math.floor(minY) - 1);
    int y1 = Math.min(h - 1, (int) Math.ceil(maxY) + 1);
    for (int y = y0; y <= y1; y++) {
      double lo = y - 1.0;
      double hi = y + 2.0;
      double minX = Double.MAX_VALUE;
      double maxX = -Double.MAX_VALUE;
      for (int k = 0; k < m; k++) {
        int l = (k + 1) % m;
        double ya = ys[k];
        double yb = ys[l];
        double ta = 0;
        double tb = 1;
        double dy = yb - ya;
        if (Math.abs(dy) < 1e-12) {
          if (ya < lo || ya > hi) {
            continue;
          }
        } else {
          double t1 = (lo - ya) / dy;
          double t2 = (hi - ya) / dy;
          ta = Math.max(0, Math.min(t1, t2));
          tb = Math.min(1, Math.max(t1, t2));
          if (ta > tb) {
            continue;
          }
        }
        double xa = xs[k] + (xs[l] - xs[k]) * ta;
        double xb = xs[k] + (xs[l] - xs[k]) * tb;
        minX = Math.min(minX, Math.min(xa, xb));
        maxX = Math.max(maxX, Math.max(xa, xb));
      }
      if (minX > maxX) {
        continue;
      }
      int x0 = Math.max(0, (int) Math.floor(minX) - 1);
      int x1 = Math.min(w - 1, (int) Math.ceil(maxX) + 1);
      double py = y + 0.5;
      int row = y * w;
      for (int x = x0; x <= x1; x++) {
        double px = x + 0.5;
        double d = Double.MAX_VALUE;
        for (int k = 0; k < m; k++) {
          double e = nx[k] * px + ny[k] * py + c[k];
          d = e < d ? e : d;
        }
        float a = clamp01((float) (d + 0.5));
        if (a > cov[row + x]) {
          cov[row + x] = a;
        }
      }
    }
  }

  /** Clamps to [0, 1] with plain comparisons (Math.min/max on floats are slow in hot loops). */
  static float clamp01(float v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }

  static double clamp(double v, double lo, double hi) {
    return v < lo ? lo : v > hi ? hi : v;
  }

  /** A cheap bell curve: 1 at 0, smooth, zero beyond |x| = 2; stands in for exp(-x²). */
  static float bump(float x) {
    float t = 1 - 0.25f * x * x;
    return t <= 0 ? 0 : t * t;
  }
}
