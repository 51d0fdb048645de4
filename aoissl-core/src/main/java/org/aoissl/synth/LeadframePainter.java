package org.aoissl.synth;

/**
 * Paints the leadframe: a dark background, the bright metal of lead fingers, die paddle and tie bars,
 * and their edges (dark rims in bright-field, bright lines in dark-field).
 */
final class LeadframePainter {
  private LeadframePainter() {}

  static void paint(Canvas cv, Part part) {
    Layout lay = part.layout;
    DeviceSpec d = lay.spec;
    double cx = d.dieCx() + part.gx;
    double cy = d.dieCy() + part.gy;
    double far = 1.5 * d.longSide();

    double pw = d.dieW() / 2 + d.paddleMargin();
    double ph = d.dieH() / 2 + d.paddleMargin();
    cv.fillConvex(cv.metal, new double[] {cx - pw, cx + pw, cx + pw, cx - pw},
        new double[] {cy - ph, cy - ph, cy + ph, cy + ph});
    double tie = 0.8 * d.leadWidth();
    for (int k = 0; k < 4; k++) {
      double sx = k % 2 == 0 ? -1 : 1;
      double sy = k < 2 ? -1 : 1;
      double len = Math.hypot(pw, ph);
      strip(cv, cx + sx * (pw - 2), cy + sy * (ph - 2), sx * pw / len, sy * ph / len, tie, tie, far);
    }
    for (Layout.Lead l : lay.leads) {
      double rTip = Math.hypot(l.tipX() - d.dieCx(), l.tipY() - d.dieCy());
      // Fingers widen outward, but slower than their rays diverge, so neighbours never touch.
      strip(cv, l.tipX() + part.gx, l.tipY() + part.gy, l.dirX(), l.dirY(), l.width(),
          l.width() * (1 + 0.2 * far / rTip), far);
    }

    int w = cv.w;
    int h = cv.h;
    float m0 = (float) (lay.metal0 * d.appearance().metalGain());
    float[] metal = cv.metal;
    float plateGain = lay.plateGain;
    double platW = d.dieW() / 2 + d.paddleMargin() + d.leadGap() + lay.plateDepth;
    double platH = d.dieH() / 2 + d.paddleMargin() + d.leadGap() + lay.plateDepth;
    for (int y = 0; y < h; y++) {
      float qy = (float) (Math.abs(y + 0.5 - cy) - platH);
      int up = Math.max(0, y - 1) * w;
      int dn = Math.min(h - 1, y + 1) * w;
      int row = y * w;
      for (int x = 0; x < w; x++) {
        int i = row + x;
        float t = cv.tex[i];
        float m = metal[i];
        float gx = metal[x == w - 1 ? i : i + 1] - metal[x == 0 ? i : i - 1];
        float gy = metal[dn + x] - metal[up + x];
        float g2 = gx * gx + gy * gy;
        float edge = g2 > 0 ? Math.min(1f, 0.8f * (float) Math.sqrt(g2)) : 0;
        float bg0 = 0.09f + 0.03f * t;
        float bg1 = 0.04f + 0.015f * t;
        float qx = (float) (Math.abs(x + 0.5 - cx) - platW);
        float plated = Canvas.clamp01(0.5f - (qx > qy ? qx : qy));
        float v0 = bg0 + (m0 * (1 + 0.07f * t + plateGain * plated) - bg0) * m;
        float v1 = bg1 + (0.1f + 0.03f * t - bg1) * m;
        cv.c0[i] = v0 * (1 - 0.35f * edge);
        cv.c1[i] = v1 + 0.5f * edge;
      }
    }
  }

  /** A strip from (x, y) along unit direction (dx, dy), width w0 at the start and w1 at length len. */
  private static void strip(Canvas cv, double x, double y, double dx, double dy, double w0, double w1,
                            double len) {
    double px = -dy;
    double py = dx;
    double ex = x + dx * len;
    double ey = y + dy * len;
    cv.fillConvex(cv.metal,
        new double[] {x + px * w0 / 2, ex + px * w1 / 2, ex - px * w1 / 2, x - px * w0 / 2},
        new double[] {y + py * w0 / 2, ey + py * w1 / 2, ey - py * w1 / 2, y - py * w0 / 2});
  }
}
