package org.aoissl.synth;

/**
 * Paints the bonds. A ball is a disc on its pad: flat top fairly bright and curved flank dark in
 * bright-field, a bright ring in dark-field. A wedge is a tapered capsule (narrow where the wire
 * arrives, wide and round at the far end): flattened, so mid-bright with tool marks and a dark rim in
 * bright-field, bright rim in dark-field.
 */
final class BondPainter {
  private BondPainter() {}

  static void balls(Canvas cv, Part part) {
    for (Part.BondedWire w : part.wires) {
      double rad = w.ballR();
      int x0 = Math.max(0, (int) Math.floor(w.ballX() - rad - 1));
      int x1 = Math.min(cv.w - 1, (int) Math.ceil(w.ballX() + rad + 1));
      int y0 = Math.max(0, (int) Math.floor(w.ballY() - rad - 1));
      int y1 = Math.min(cv.h - 1, (int) Math.ceil(w.ballY() + rad + 1));
      for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
          double dx = x + 0.5 - w.ballX();
          double dy = y + 0.5 - w.ballY();
          double d = Math.sqrt(dx * dx + dy * dy);
          float cov = Canvas.clamp01((float) (rad - d + 0.5));
          if (cov <= 0) {
            continue;
          }
          float rho = (float) Math.min(1, d / rad);
          float v0 = 0.64f - 0.5f * WirePainter.smooth(0.45f, 0.9f, rho);
          float v1 = 0.12f + 0.7f * Canvas.bump((rho - 0.78f) / 0.2f);
          cv.over(y * cv.w + x, cov, v0, v1, Canvas.BALL);
        }
      }
    }
  }

  static void wedges(Canvas cv, Part part) {
    double sc = part.layout.spec.scale();
    for (Part.BondedWire w : part.wires) {
      double ax = w.headX() - w.x3();
      double ay = w.headY() - w.y3();
      double len = Math.hypot(ax, ay);
      ax /= len;
      ay /= len;
      double r0 = w.tailR();
      double r1 = w.headR();
      double ext = r1 + 1;
      int x0 = Math.max(0, (int) Math.floor(Math.min(w.x3(), w.headX()) - ext));
      int x1 = Math.min(cv.w - 1, (int) Math.ceil(Math.max(w.x3(), w.headX()) + ext));
      int y0 = Math.max(0, (int) Math.floor(Math.min(w.y3(), w.headY()) - ext));
      int y1 = Math.min(cv.h - 1, (int) Math.ceil(Math.max(w.y3(), w.headY()) + ext));
      for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
          double dist = wedgeDistance(x + 0.5, y + 0.5, w.x3(), w.y3(), ax, ay, len, r0, r1);
          float cov = Canvas.clamp01((float) (0.5 - dist));
          if (cov <= 0) {
            continue;
          }
          double a = ((x + 0.5 - w.x3()) * ax + (y + 0.5 - w.y3()) * ay) / len;
          float ridge = (float) Math.sin(a * len / (2.2 * sc) * 2 * Math.PI);
          float depth = (float) Math.max(0, -dist);
          float rim = Canvas.bump(depth * 1.5f);
          float v0 = (0.62f + 0.06f * ridge) * (1 - 0.55f * rim);
          float v1 = 0.2f + 0.04f * ridge + 0.55f * rim;
          cv.over(y * cv.w + x, cov, v0, v1, Canvas.WEDGE);
        }
      }
    }
  }

  /**
   * Signed distance-like value to a tapered capsule from (tx, ty) with radius r0 to len along the unit
   * axis with radius r1: negative inside. Used alike for coverage and mask, so both agree.
   */
  static double wedgeDistance(double px, double py, double tx, double ty, double ax, double ay,
                              double len, double r0, double r1) {
    double cx = px - tx;
    double cy = py - ty;
    double a = Canvas.clamp((cx * ax + cy * ay) / len, 0, 1);
    double rx = cx - a * len * ax;
    double ry = cy - a * len * ay;
    return Math.sqrt(rx * rx + ry * ry) - (r0 + (r1 - r0) * a);
  }
}
