package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntensityStretchTest {
  @Test
  void mapsTheFirstAndNinetyNinthPercentilesToZeroAndOne() {
    // 100 values 0.00 .. 0.99: the 1st percentile (rank floor(0.99) = 0) is 0.00, the 99th (rank
    // ceil(98.01) = 99) is 0.99, so x maps to x / 0.99.
    float[] v = new float[100];
    for (int i = 0; i < 100; i++) {
      v[i] = i / 100f;
    }
    float[] out = IntensityStretch.apply(new AoiImage(1, 10, 10, 8, v)).data();
    assertThat(out[0]).isEqualTo(0f);
    assertThat(out[50]).isCloseTo(0.5f / 0.99f, within(1e-6f));
    assertThat(out[99]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void clampsOutliersAndTreatsChannelsApart() {
    float[] v = new float[2 * 200];
    for (int i = 0; i < 200; i++) {
      v[i] = 0.4f + 0.2f * (i % 2); // channel 0: two levels, 0.4 and 0.6
      v[200 + i] = 0.25f; // channel 1: flat
    }
    v[0] = 0f; // one dark and one bright outlier, beyond the percentiles
    v[1] = 1f;
    float[] out = IntensityStretch.apply(new AoiImage(2, 10, 20, 8, v)).data();
    assertThat(out[2]).isEqualTo(0f);
    assertThat(out[3]).isEqualTo(1f);
    assertThat(out[0]).isEqualTo(0f);
    assertThat(out[1]).isEqualTo(1f);
    assertThat(out[200]).as("a flat channel has nothing to stretch").isEqualTo(0.25f);
  }

  @Test
  void undoesGainAndOffset() {
    SplittableRandom r = new SplittableRandom(7);
    int n = 64 * 64;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextDouble();
      y[i] = 0.35f + 0.4f * x[i]; // a flatter, brighter lighting of the same scene
    }
    float[] sx = IntensityStretch.apply(new AoiImage(1, 64, 64, 8, x)).data();
    float[] sy = IntensityStretch.apply(new AoiImage(1, 64, 64, 8, y)).data();
    for (int i = 0; i < n; i++) {
      assertThat(sy[i]).as("pixel %d", i).isCloseTo(sx[i], within(2e-3f));
    }
  }
}
