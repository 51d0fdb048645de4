package org.aoissl.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

/**
 * Bonds sit where they belong: every ball pixel lies within its ball's radius of the start of a
 * wire, and that start lies on a die pad (within 0.7 pad sizes of the pad centre, inside the die);
 * every wedge pixel lies on a lead finger, no further than three wedge lengths past its tip, within
 * half a lead width of its axis. And conversely each wire's ends show as ball and wedge in the mask.
 */
class BondGeometryTest {
  @Test
  void ballsSitOnPadsAndWedgesOnLeadEnds() {
    SceneGenerator gen = new SceneGenerator();
    for (long seed = 300; seed < 306; seed++) {
      DeviceSpec spec = DeviceSpec.sample("g", seed, 256);
      Part part = new Part(new Layout(spec), SceneGenerator.imageRandom(spec, 9).split());
      Mask m = gen.render(spec, 9, Shift.NONE, 8).mask();
      System.out.println("device seed " + seed + ": " + part.wires.size() + " wires");
      assertThat(part.wires).isNotEmpty();
      for (int y = 0; y < 256; y++) {
        for (int x = 0; x < 256; x++) {
          double px = x + 0.5;
          double py = y + 0.5;
          if (m.get(SceneGenerator.BALL, y, x)) {
            assertThat(nearBallOnPad(part, px, py)).as("ball pixel (%d, %d)", x, y).isTrue();
          }
          if (m.get(SceneGenerator.WEDGE, y, x)) {
            assertThat(onLeadEnd(part, px, py)).as("wedge pixel (%d, %d)", x, y).isTrue();
          }
        }
      }
      for (Part.BondedWire w : part.wires) {
        assertThat(m.get(SceneGenerator.BALL, (int) w.ballY(), (int) w.ballX())).isTrue();
        double mx = (w.x3() + w.headX()) / 2;
        double my = (w.y3() + w.headY()) / 2;
        assertThat(m.get(SceneGenerator.WEDGE, (int) my, (int) mx)).isTrue();
      }
    }
  }

  private static boolean nearBallOnPad(Part part, double px, double py) {
    DeviceSpec d = part.layout.spec;
    for (Part.BondedWire w : part.wires) {
      if (Math.hypot(px - w.x0(), py - w.y0()) > w.ballR() + 1e-9) {
        continue;
      }
      for (Layout.Pad pad : part.layout.pads) {
        double cx = part.toImageX(pad.u(), pad.v());
        double cy = part.toImageY(pad.u(), pad.v());
        boolean onPad = Math.abs(w.x0() - cx) <= 0.7 * d.padSize()
            && Math.abs(w.y0() - cy) <= 0.7 * d.padSize();
        boolean inDie = Math.abs(pad.u()) < d.dieW() / 2 && Math.abs(pad.v()) < d.dieH() / 2;
        if (onPad && inDie) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean onLeadEnd(Part part, double px, double py) {
    DeviceSpec d = part.layout.spec;
    for (Layout.Lead l : part.layout.leads) {
      double rx = px - (l.tipX() + part.gx);
      double ry = py - (l.tipY() + part.gy);
      double along = rx * l.dirX() + ry * l.dirY();
      double across = Math.abs(-rx * l.dirY() + ry * l.dirX());
      if (along >= -0.5 && along <= 3 * d.wedgeLength() && across <= l.width() / 2) {
        return true;
      }
    }
    return false;
  }
}
