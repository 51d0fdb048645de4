package org.aoissl.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One physical part of a device: the nominal {@link Layout} plus what varies on a line — leadframe
 * and die placement, die rotation, ball and wedge placement, wire shape, missing wires.
 */
final class Part {
  /** A bonded wire: cubic Bezier from the ball centre to the wedge tail, and its bonds. */
  record BondedWire(double x0, double y0, double x1, double y1, double x2, double y2,
                    double x3, double y3, double radius, double highlight,
                    double ballX, double ballY, double ballR,
                    double headX, double headY, double tailR, double headR) {}

  final Layout layout;
  /** Leadframe offset from the nominal layout. */
  final double gx;
  final double gy;
  /** Die centre and rotation. */
  final double dieX;
  final double dieY;
  final double cos;
  final double sin;
  final List<BondedWire> wires = new ArrayList<>();

  Part(Layout layout, SplittableRandom r) {
    this.layout = layout;
    DeviceSpec d = layout.spec;
    Variation v = d.variation();
    double sc = d.scale();
    gx = clampedGauss(r, v.frameSigma() * sc, v.frameLimit() * sc);
    gy = clampedGauss(r, v.frameSigma() * sc, v.frameLimit() * sc);
    dieX = d.dieCx() + gx + clampedGauss(r, v.dieSigma() * sc, v.dieLimit() * sc);
    dieY = d.dieCy() + gy + clampedGauss(r, v.dieSigma() * sc, v.dieLimit() * sc);
    double angle = Math.toRadians(clampedGauss(r, v.rotationSigma(), v.rotationLimit()));
    cos = Math.cos(angle);
    sin = Math.sin(angle);
    for (Layout.Wire w : layout.wires) {
      if (r.nextDouble() < d.missingWireRate()) {
        continue;
      }
      wires.add(bond(w, d, r));
    }
  }

  double toImageX(double u, double v) {
    return dieX + cos * u - sin * v;
  }

  double toImageY(double u, double v) {
    return dieY + sin * u + cos * v;
  }

  private BondedWire bond(Layout.Wire w, DeviceSpec d, SplittableRandom r) {
    Variation v = d.variation();
    double jitter = v.ballJitter() * d.padSize();
    double bx = toImageX(w.pad().u(), w.pad().v()) + clampedGauss(r, jitter, 2.5 * jitter);
    double by = toImageY(w.pad().u(), w.pad().v()) + clampedGauss(r, jitter, 2.5 * jitter);
    double ballR = d.ballDiameter() / 2 * (1 + clampedGauss(r, 0.04, 0.1));

    Layout.Lead lead = w.lead();
    double len = d.wedgeLength() * (1 + clampedGauss(r, 0.05, 0.12));
    double headR = d.wedgeWidth() / 2 * (1 + clampedGauss(r, 0.05, 0.12));
    double along = len * (0.7 + 0.5 * r.nextDouble());
    double cx = lead.tipX() + gx + lead.dirX() * along;
    double cy = lead.tipY() + gy + lead.dirY() * along;
    // The wedge follows the arriving wire, bent halfway toward the lead axis, and stays on the lead.
    double wx = cx - bx;
    double wy = cy - by;
    double wl = Math.hypot(wx, wy);
    double ax = wx / wl + lead.dirX();
    double ay = wy / wl + lead.dirY();
    double al = Math.hypot(ax, ay);
    ax /= al;
    ay /= al;
    double tilt = Math.abs(ax * lead.dirY() - ay * lead.dirX());
    double room = Math.max(0, lead.width() / 2 - headR - len / 2 * tilt - 0.5);
    double side = Math.max(-room, Math.min(room, clampedGauss(r, 0.07 * lead.width(), room)));
    cx -= lead.dirY() * side;
    cy += lead.dirX() * side;
    double tailX = cx - ax * len / 2;
    double tailY = cy - ay * len / 2;
    double headX = cx + ax * len / 2;
    double headY = cy + ay * len / 2;

    double wireR = d.wireWidth() / 2 * (1 + clampedGauss(r, 0.03, 0.08));
    double span = Math.hypot(tailX - bx, tailY - by);
    double bow1 = (w.bow1() + v.bowJitter() * d.wireBow() * r.nextGaussian()) * span;
    double bow2 = (w.bow2() + v.bowJitter() * d.wireBow() * r.nextGaussian()) * span;
    if (v.loopShift() > 0) {
      // A loop leans as a whole and twists a little; the ends stay on ball and wedge. Drawn only
      // when asked for, so devices without it keep their random stream.
      double s = v.loopShift() * d.scale();
      double lean = clampedGauss(r, s, 2.5 * s);
      double twist = clampedGauss(r, 0.5 * s, 1.5 * s);
      // A control-point offset moves the curve's middle by 3/4 of it.
      bow1 += (lean + twist) / 0.75;
      bow2 += (lean - twist) / 0.75;
    }
    double nx = -(tailY - by) / span;
    double ny = (tailX - bx) / span;
    double dx = (tailX - bx) / 3;
    double dy = (tailY - by) / 3;
    // The last control point lines the wire up with the wedge it flattens into.
    return new BondedWire(bx, by, bx + dx + nx * bow1, by + dy + ny * bow1,
        tailX - ax * span / 3 + nx * bow2, tailY - ay * span / 3 + ny * bow2, tailX, tailY, wireR,
        0.7 + 0.3 * r.nextDouble(), bx, by, ballR, headX, headY,
        wireR * 1.05, headR);
  }

  static double clampedGauss(SplittableRandom r, double sigma, double limit) {
    return Math.max(-limit, Math.min(limit, sigma * r.nextGaussian()));
  }
}
