package org.aoissl.synth;

/**
 * Paints the die, placed and rotated as in the part, by sampling its {@link DieTexture}; the die edge
 * is a thin dark line in bright-field and a bright line in dark-field.
 */
final class DiePainter {
  private DiePainter() {}

  static void paint(Canvas cv, Part part) {
    DeviceSpec d = part.layout.spec;
    DieTexture tex = part.layout.die;
    double hw = d.dieW() / 2;
    double hh = d.dieH() / 2;
    double ext = Math.hypot(hw, hh) + 3;
    int x0 = Math.max(0, (int) (part.dieX - ext));
    int x1 = Math.min(cv.w - 1, (int) (part.dieX + ext));
    int y0 = Math.max(0, (int) (part.dieY - ext));
    int y1 = Math.min(cv.h - 1, (int) (part.dieY + ext));
    double ou = tex.tw / 2.0 - 0.5;
    double ov = tex.th / 2.0 - 0.5;
    for (int y = y0; y <= y1; y++) {
      double dy = y + 0.5 - part.dieY;
      for (int x = x0; x <= x1; x++) {
        double dx = x + 0.5 - part.dieX;
        double u = part.cos * dx + part.sin * dy;
        double v = -part.sin * dx + part.cos * dy;
        double eu = hw - Math.abs(u);
        double ev = hh - Math.abs(v);
        double e = eu < ev ? eu : ev;
        if (e < -2.5) {
          continue;
        }
        int i = y * cv.w + x;
        float cov = Canvas.clamp01((float) (e + 0.5));
        if (cov > 0) {
          double fu = Canvas.clamp(u + ou, 0, tex.tw - 1.001);
          double fv = Canvas.clamp(v + ov, 0, tex.th - 1.001);
          int iu = (int) fu;
          int iv = (int) fv;
          float su = (float) (fu - iu);
          float sv = (float) (fv - iv);
          int k = iv * tex.tw + iu;
          cv.over(i, cov, bilinear(tex.t0, k, tex.tw, su, sv), bilinear(tex.t1, k, tex.tw, su, sv),
              Canvas.DIE);
        }
        float edge = Canvas.bump((float) (e * 1.4));
        cv.c0[i] *= 1 - 0.35f * edge;
        cv.c1[i] += 0.45f * edge;
      }
    }
  }

  private static float bilinear(float[] t, int k, int tw, float su, float sv) {
    float a = t[k] + (t[k + 1] - t[k]) * su;
    float b = t[k + tw] + (t[k + tw + 1] - t[k + tw]) * su;
    return a + (b - a) * sv;
  }
}
