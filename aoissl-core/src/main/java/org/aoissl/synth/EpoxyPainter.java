package org.aoissl.synth;

import java.util.SplittableRandom;

/**
 * Paints the die-attach epoxy squeezed out around the die. Its outline is the implicit curve F = 0
 * with F = fillet width (varying smoothly along the die perimeter) − distance to the die + ragged
 * noise, united with a few elliptical blobs; coverage is F + 0.5 clamped, so the mask rule
 * "coverage ≥ 0.5" is "F ≥ 0". Bright-field sees a dull grainy band, darker where the fillet climbs
 * the die; dark-field sees a textured band with a bright meniscus rim.
 */
final class EpoxyPainter {
  private EpoxyPainter() {}

  private record Blob(double u, double v, double ru, double rv, double rmin) {}

  static void paint(Canvas cv, Part part, SplittableRandom r) {
    Layout lay = part.layout;
    DeviceSpec d = lay.spec;
    double sc = d.scale();
    double hw = d.dieW() / 2;
    double hh = d.dieH() / 2;
    double perim = 4 * (hw + hh);
    double reach = d.paddleMargin() + Math.min(0.6 * d.leadGap(), 12 * sc);
    double ragged = d.epoxyRagged();

    // Fillet width along the perimeter: knots interpolated periodically.
    int knots = Math.max(8, (int) (perim / (22 * sc)));
    double[] widths = new double[knots];
    double scale = Math.exp(0.12 * r.nextGaussian());
    for (int k = 0; k < knots; k++) {
      int side = sideAt(k * perim / knots, hw, hh);
      double wk = d.epoxyWidth() * scale * lay.epoxySide[side] * (1 + 0.35 * r.nextGaussian());
      widths[k] = Math.max(0.8 * sc, Math.min(reach - 2 * d.epoxyRagged(), wk));
    }
    int nBlobs = poisson(d.epoxyBlobs(), r);
    Blob[] blobs = new Blob[nBlobs];
    for (int b = 0; b < nBlobs; b++) {
      int side = r.nextDouble() < 0.6 ? lay.blobSide : r.nextInt(4);
      double along = Layout.halfAlong(side, hw, hh) * (1.8 * r.nextDouble() - 0.9);
      double across = Layout.halfAcross(side, hw, hh);
      double rad = Math.min(reach - d.epoxyRagged(), (0.6 + 0.8 * r.nextDouble()) * d.epoxyWidth()
          + 4 * sc);
      // Blobs stay attached to the fillet and short of the lead tips.
      double out = across + Math.min(reach - d.epoxyRagged() - rad,
          d.epoxyWidth() * (0.3 + 0.7 * r.nextDouble()) + 0.3 * rad);
      double stretch = 1 + 0.8 * r.nextDouble();
      double tx = -Layout.NY[side];
      double ty = Layout.NX[side];
      double ru = side % 2 == 0 ? rad * stretch : rad;
      double rv = side % 2 == 0 ? rad : rad * stretch;
      blobs[b] = new Blob(Layout.NX[side] * out + tx * along, Layout.NY[side] * out + ty * along,
          ru, rv, Math.min(ru, rv));
    }
    ValueNoise coarse = new ValueNoise(r, cv.w, cv.h, 7 * sc);
    ValueNoise fine = new ValueNoise(r, cv.w, cv.h, 2.5 * sc);
    ValueNoise grain = new ValueNoise(r, cv.w, cv.h, Math.max(1.2, 1.6 * sc));

    double ext = Math.hypot(hw, hh) + reach + 2 * ragged + 2;
    int x0 = Math.max(0, (int) (part.dieX - ext));
    int x1 = Math.min(cv.w - 1, (int) (part.dieX + ext));
    int y0 = Math.max(0, (int) (part.dieY - ext));
    int y1 = Math.min(cv.h - 1, (int) (part.dieY + ext));
    float e0 = lay.epoxy0;
    float e1 = lay.epoxy1;
    float climb = (float) (3 * sc);
    double maxWidth = 0;
    for (double wk : widths) {
      maxWidth = Math.max(maxWidth, wk);
    }
    // Beyond this distance from the die neither the fillet nor any blob can reach (noise <= 1.45).
    double limit = Math.max(maxWidth, reach) + 1.5 * ragged + 1;
    double fillLimit = maxWidth + 1.5 * ragged + 1;
    for (int y = y0; y <= y1; y++) {
      double dy = y + 0.5 - part.dieY;
      for (int x = x0; x <= x1; x++) {
        double dx = x + 0.5 - part.dieX;
        double u = part.cos * dx + part.sin * dy;
        double v = -part.sin * dx + part.cos * dy;
        double qx = Math.abs(u) - hw;
        double qy = Math.abs(v) - hh;
        double dOut;
        if (qx > 0 || qy > 0) {
          double ox = qx > 0 ? qx : 0;
          double oy = qy > 0 ? qy : 0;
          dOut = Math.sqrt(ox * ox + oy * oy);
        } else {
          dOut = qx > qy ? qx : qy;
        }
        if (dOut < -1.5 || dOut > limit || (dOut > fillLimit && blobs.length == 0)) {
          continue;
        }
        double noise = ragged * (coarse.at(x, y) + 0.45 * fine.at(x, y));
        double f = width(perimeterAt(u, v, hw, hh), widths, perim) - dOut + noise;
        for (Blob b : blobs) {
          double eu = (u - b.u) / b.ru;
          double ev = (v - b.v) / b.rv;
          double fb = (1 - Math.sqrt(eu * eu + ev * ev)) * b.rmin + noise;
          f = fb > f ? fb : f;
        }
        float cov = Canvas.clamp01((float) (f + 0.5));
        if (cov <= 0) {
          continue;
        }
        int i = y * cv.w + x;
        float g = grain.at(x, y);
        float t = cv.tex[i];
        float ff = (float) f;
        float away = dOut > 0 ? (float) dOut : 0;
        float v0 = e0 * (0.7f + 0.3f * Math.min(1f, away / (2 * climb))) * (1 + 0.2f * g + 0.08f * t);
        if (ff < 1.5f) {
          v0 *= 0.8f + 0.13f * ff;
        }
        float near = climb / (climb + away);
        float v1 = e1 * (1 + 0.55f * g + 0.25f * t) + 0.42f * Canvas.bump(1.3f * (ff - 0.8f))
            + 0.3f * near * near;
        cv.over(i, cov, v0, v1, Canvas.EPOXY);
      }
    }
  }

  /** Which side of the die (0 top, 1 right, 2 bottom, 3 left) a perimeter position lies on. */
  private static int sideAt(double s, double hw, double hh) {
    if (s < 2 * hw) {
      return 0;
    }
    if (s < 2 * hw + 2 * hh) {
      return 1;
    }
    return s < 4 * hw + 2 * hh ? 2 : 3;
  }

  /** Clockwise arc length from the top-left corner to the die outline point nearest (u, v). */
  private static double perimeterAt(double u, double v, double hw, double hh) {
    double cu = Math.max(-hw, Math.min(hw, u));
    double cv = Math.max(-hh, Math.min(hh, v));
    double qx = Math.abs(u) - hw;
    double qy = Math.abs(v) - hh;
    if (qy >= qx) {
      return v < 0 ? cu + hw : 2 * hw + 2 * hh + (hw - cu);
    }
    return u > 0 ? 2 * hw + (cv + hh) : 4 * hw + 2 * hh + (hh - cv);
  }

  private static double width(double s, double[] widths, double perim) {
    int n = widths.length;
    double f = s / perim * n;
    int k = (int) Math.floor(f);
    double t = f - k;
    t = t * t * (3 - 2 * t);
    double a = widths[Math.floorMod(k, n)];
    double b = widths[Math.floorMod(k + 1, n)];
    return a + (b - a) * t;
  }

  private static int poisson(double mean, SplittableRandom r) {
    double limit = Math.exp(-mean);
    double p = r.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= r.nextDouble();
      k++;
    }
    return k;
  }
}
