package org.aoissl.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.aoissl.ReplayableSeed;
import org.junit.jupiter.api.Test;

class RasterTest {
  @Test
  void convexCoverageIsHalfPlusSignedDistance() {
    Canvas cv = new Canvas(32, 32);
    // Square [10.25, 20.25]²: pixel 10's centre is 0.25 inside, pixel 20's centre 0.25 outside.
    cv.fillConvex(cv.metal, new double[] {10.25, 20.25, 20.25, 10.25},
        new double[] {10.25, 10.25, 20.25, 20.25});
    assertThat(cv.metal[15 * 32 + 15]).isEqualTo(1f);
    assertThat(cv.metal[15 * 32 + 10]).isCloseTo(0.75f, within(1e-6f));
    assertThat(cv.metal[15 * 32 + 20]).isCloseTo(0.25f, within(1e-6f));
    assertThat(cv.metal[15 * 32 + 9]).isEqualTo(0f);
    assertThat(cv.metal[10 * 32 + 15]).isCloseTo(0.75f, within(1e-6f));
    int inside = 0;
    for (float v : cv.metal) {
      if (v >= 0.5f) {
        inside++;
      }
    }
    assertThat(inside).isEqualTo(100);
  }

  @Test
  void windingDoesNotMatter() {
    Canvas a = new Canvas(16, 16);
    Canvas b = new Canvas(16, 16);
    a.fillConvex(a.metal, new double[] {2, 12, 7}, new double[] {2, 3, 13});
    b.fillConvex(b.metal, new double[] {7, 12, 2}, new double[] {13, 3, 2});
    assertThat(b.metal).isEqualTo(a.metal);
  }

  @Test
  void wedgeDistanceIsZeroOnTheOutline() {
    // Axis along x from (0, 0) radius 1 to (10, 0) radius 3.
    assertThat(BondPainter.wedgeDistance(0, 1, 0, 0, 1, 0, 10, 1, 3)).isCloseTo(0, within(1e-12));
    assertThat(BondPainter.wedgeDistance(5, 2, 0, 0, 1, 0, 10, 1, 3)).isCloseTo(0, within(1e-12));
    assertThat(BondPainter.wedgeDistance(13, 0, 0, 0, 1, 0, 10, 1, 3)).isCloseTo(0, within(1e-12));
    assertThat(BondPainter.wedgeDistance(5, 0, 0, 0, 1, 0, 10, 1, 3)).isCloseTo(-2, within(1e-12));
  }

  @Test
  void blurKeepsConstantsAndSpreadsAnImpulseByTheKernel() {
    float[] flat = new float[20 * 20];
    java.util.Arrays.fill(flat, 0.4f);
    Blur.gaussian(flat, 20, 20, 1.0);
    for (float v : flat) {
      assertThat(v).isCloseTo(0.4f, within(1e-6f));
    }
    float[] dot = new float[21 * 21];
    dot[10 * 21 + 10] = 1;
    Blur.gaussian(dot, 21, 21, 1.0);
    // Centre weight of a normalised 7-tap Gaussian with sigma 1, squared for two passes.
    double sum = 0;
    for (int i = -3; i <= 3; i++) {
      sum += Math.exp(-i * i / 2.0);
    }
    assertThat(dot[10 * 21 + 10]).isCloseTo((float) (1 / (sum * sum)), within(1e-6f));
    double total = 0;
    for (float v : dot) {
      total += v;
    }
    assertThat(total).isCloseTo(1, within(1e-5));
  }

  @Test
  void gaussTableIsStandardNormal() throws Throwable {
    assertThat(GaussTable.inverseNormal(0.975)).isCloseTo(1.959964, within(1e-6));
    assertThat(GaussTable.inverseNormal(0.5)).isCloseTo(0, within(1e-12));
    assertThat(GaussTable.inverseNormal(0.001)).isCloseTo(-3.090232, within(1e-6));
    long seed = ReplayableSeed.draw("RasterTest.gaussTableIsStandardNormal");
    ReplayableSeed.check(seed, () -> {
      float[] z = new float[1 << 20];
      GaussTable.fill(z, 0, z.length, new SplittableRandom(seed));
      double m = 0;
      double s = 0;
      for (float v : z) {
        m += v;
        s += v * v;
      }
      m /= z.length;
      s = Math.sqrt(s / z.length - m * m);
      assertThat(m).isCloseTo(0, within(0.01));
      assertThat(s).isCloseTo(1, within(0.01));
    });
  }
}
