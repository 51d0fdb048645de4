package org.aoissl.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.aoissl.ReplayableSeed;
import org.junit.jupiter.api.Test;

class LineSeriesTest {
  @Test
  void decimationKeepsEndsExtremesAndOrder() {
    long seed = ReplayableSeed.draw("LineSeriesTest.decimation");
    Random rnd = new Random(seed);
    for (int trial = 0; trial < 20; trial++) {
      int n = 2_000 + rnd.nextInt(20_000);
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 10.0 * i;
        y[i] = 3 * Math.exp(-i / 500.0) + 0.1 * rnd.nextGaussian();
      }
      int spike = 1 + rnd.nextInt(n - 2);
      int dip = 1 + rnd.nextInt(n - 2);
      if (dip == spike) {
        dip = spike == 1 ? 2 : spike - 1;
      }
      y[spike] = 50;
      y[dip] = -50;
      int max = 4 + rnd.nextInt(1000);
      LineSeries d = new LineSeries("s", x, y).decimate(max);

      String why = "seed " + seed + " trial " + trial + " n " + n + " max " + max;
      assertThat(d.size()).as(why).isLessThanOrEqualTo(max).isGreaterThanOrEqualTo(Math.min(n, 4));
      double[] dx = d.x();
      double[] dy = d.y();
      assertThat(dx[0]).as(why).isEqualTo(x[0]);
      assertThat(dy[0]).as(why).isEqualTo(y[0]);
      assertThat(dx[dx.length - 1]).as(why).isEqualTo(x[n - 1]);
      assertThat(dy[dy.length - 1]).as(why).isEqualTo(y[n - 1]);
      assertThat(Arrays.stream(dy).max().orElseThrow()).as(why).isEqualTo(50);
      assertThat(Arrays.stream(dy).min().orElseThrow()).as(why).isEqualTo(-50);
      assertThat(dx[indexOf(dy, 50)]).as(why).isEqualTo(x[spike]);
      for (int i = 1; i < dx.length; i++) {
        assertThat(dx[i]).as(why).isGreaterThan(dx[i - 1]);
      }
    }
  }

  @Test
  void shortSeriesAreKeptAndNonFinitePointsDropped() {
    LineSeries s =
        new LineSeries("s", new double[] {0, 1, 2, 3}, new double[] {1, Double.NaN, 3, 4});
    assertThat(new LineSeries("t", new double[] {0, 1}, new double[] {5, 6}).decimate(10).y())
        .containsExactly(5, 6);
    LineSeries d = s.decimate(10);
    assertThat(d.x()).containsExactly(0, 2, 3);
    assertThat(d.y()).containsExactly(1, 3, 4);
  }

  private static int indexOf(double[] a, double v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
