package org.aoissl.synth;

import java.util.Arrays;

/**
 * Paints the wires as thick cubic Bezier curves. Each curve is flattened into short segments; every
 * pixel near the wire gets its distance to the centre line, its signed offset across the wire and
 * its position along it, which drive coverage (radius − distance + 0.5, clamped) and shading: in
 * bright-field a dark wire with a thin specular line on top that dims where the wire slopes, in
 * dark-field a bright wire.
 */
final class WirePainter {
  private float[] dist = new float[0];
  private float[] across = new float[0];
  private float[] along = new float[0];

  void paint(Canvas cv, Part part) {
    float dark = part.layout.wire0;
    for (Part.BondedWire w : part.wires) {
      paintOne(cv, w, dark);
    }
  }

  private void paintOne(Canvas cv, Part.BondedWire w, float dark) {
    double r = w.radius();
    double pad = r + 2;
    int x0 = Math.max(0, (int) Math.floor(min4(w.x0(), w.x1(), w.x2(), w.x3()) - pad));
    int x1 = Math.min(cv.w - 1, (int) Math.ceil(max4(w.x0(), w.x1(), w.x2(), w.x3()) + pad));
    int y0 = Math.max(0, (int) Math.floor(min4(w.y0(), w.y1(), w.y2(), w.y3()) - pad));
    int y1 = Math.min(cv.h - 1, (int) Math.ceil(max4(w.y0(), w.y1(), w.y2(), w.y3()) + pad));
    if (x0 > x1 || y0 > y1) {
      return;
    }
    int bw = x1 - x0 + 1;
    int n = bw * (y1 - y0 + 1);
    if (dist.length < n) {
      dist = new float[n];
      across = new float[n];
      along = new float[n];
    }
    Arrays.fill(dist, 0, n, Float.MAX_VALUE);

    double hull = Math.hypot(w.x1() - w.x0(), w.y1() - w.y0())
        + Math.hypot(w.x2() - w.x1(), w.y2() - w.y1()) + Math.hypot(w.x3() - w.x2(), w.y3() - w.y2());
    int segs = Math.max(8, (int) Math.ceil(hull / 2));
    double px = w.x0();
    double py = w.y0();
    for (int s = 1; s <= segs; s++) {
      double t = (double) s / segs;
      double mt = 1 - t;
      double qx = mt * mt * mt * w.x0() + 3 * mt * mt * t * w.x1() + 3 * mt * t * t * w.x2()
          + t * t * t * w.x3();
      double qy = mt * mt * mt * w.y0() + 3 * mt * mt * t * w.y1() + 3 * mt * t * t * w.y2()
          + t * t * t * w.y3();
      segment(px, py, qx, qy, (s - 1.0) / segs, 1.0 / segs, pad, x0, y0, x1, y1, bw);
      px = qx;
      py = qy;
    }

    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        int k = (y - y0) * bw + (x - x0);
        float cov = Canvas.clamp01((float) (r - dist[k] + 0.5));
        if (cov <= 0) {
          continue;
        }
        float u = (float) Canvas.clamp(across[k] / r, -1, 1);
        float t = along[k];
        // Specular line: strongest where the loop runs level, gone where it rises from the ball.
        float slope = smooth(0.04f, 0.2f, t) * (1 - 0.55f * smooth(0.55f, 1f, t));
        float hl = (float) (w.highlight() * slope);
        float v0 = dark + 0.72f * hl * Canvas.bump((u - 0.15f) / 0.45f);
        float v1 = 0.78f * (0.5f + 0.5f * (float) Math.sqrt(1 - u * u)) * (0.85f + 0.15f * t);
        cv.over(y * cv.w + x, cov, v0, v1, Canvas.WIRE);
      }
    }
  }

  /** Updates nearest-centre-line data for pixels within {@code pad} of segment a-b. */
  private void segment(double ax, double ay, double bx, double by, double t0, double dt, double pad,
                       int x0, int y0, int x1, int y1, int bw) {
    double ex = bx - ax;
    double ey = by - ay;
    double len2 = Math.max(1e-12, ex * ex + ey * ey);
    double len = Math.sqrt(len2);
    int sx0 = Math.max(x0, (int) Math.floor(Math.min(ax, bx) - pad));
    int sx1 = Math.min(x1, (int) Math.ceil(Math.max(ax, bx) + pad));
    int sy0 = Math.max(y0, (int) Math.floor(Math.min(ay, by) - pad));
    int sy1 = Math.min(y1, (int) Math.ceil(Math.max(ay, by) + pad));
    for (int y = sy0; y <= sy1; y++) {
      double cy = y + 0.5 - ay;
      for (int x = sx0; x <= sx1; x++) {
        double cx = x + 0.5 - ax;
        double p = Canvas.clamp((cx * ex + cy * ey) / len2, 0, 1);
        double rx = cx - p * ex;
        double ry = cy - p * ey;
        float dd = (float) Math.sqrt(rx * rx + ry * ry);
        int k = (y - y0) * bw + (x - x0);
        if (dd < dist[k]) {
          dist[k] = dd;
          across[k] = (float) ((ex * cy - ey * cx) / len);
          along[k] = (float) (t0 + p * dt);
        }
      }
    }
  }

  static float smooth(float a, float b, float t) {
    float s = Canvas.clamp01((t - a) / (b - a));
    return s * s * (3 - 2 * s);
  }

  private static double min4(double a, double b, double c, double d) {
    return Math.min(Math.min(a, b), Math.min(c, d));
  }

  private static double max4(double a, double b, double c, double d) {
    return Math.max(Math.max(a, b), Math.max(c, d));
  }
}
