package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaTest {
  @Test
  void projectingKeysOfAnRDimSubspaceKeepsTheirDotProducts() {
    long seed = 4401;
    System.out.println("PcaTest seed " + seed);
    int dim = 40;
    int r = 5;
    int n = 600;
    float[] basis = orthonormal(r, dim, seed); // [r, D]
    SplittableRandom rnd = new SplittableRandom(seed + 1);
    float[] keys = new float[n * dim];
    for (int i = 0; i < n; i++) {
      double[] z = new double[r];
      double s = 0;
      for (int j = 0; j < r; j++) {
        z[j] = rnd.nextGaussian() + (j == 0 ? 1.5 : 0); // off-centre: the mean is not zero
        s += z[j] * z[j];
      }
      for (int j = 0; j < r; j++) {
        for (int d = 0; d < dim; d++) {
          keys[i * dim + d] += (float) (z[j] / Math.sqrt(s)) * basis[j * dim + d];
        }
      }
    }
    Pca pca = Pca.fit(keys, n, dim, r, 400, seed);
    assertThat(pca.rank()).isEqualTo(r);
    assertThat(pca.dim()).isEqualTo(dim);
    float[] y = pca.project(keys, n);
    assertThat(y).hasSize(n * r);
    for (int i = 0; i < 50; i++) {
      for (int j = 0; j < 50; j++) {
        assertThat(TestKeys.dot(y, i, y, j, r)).as("keys %d, %d", i, j)
            .isCloseTo(TestKeys.dot(keys, i, keys, j, dim), within(1e-4));
      }
    }
  }

  @Test
  void directionsAreTheAxesOfLargestVarianceStrongestFirst() {
    // Points spread 3 along axis 2, 1 along axis 0, not at all along axis 1; mean (1, 0, 5).
    float[] keys = {
      2, 0, 8,
      0, 0, 8,
      2, 0, 2,
      0, 0, 2,
    };
    Pca pca = Pca.fit(keys, 4, 3, 2, 100, 1);
    assertThat(pca.mean()).containsExactly(1f, 0f, 5f);
    float[] c = pca.components();
    float[] expected = {0, 0, 1, 1, 0, 0};
    for (int i = 0; i < c.length; i++) {
      assertThat(c[i]).as("component entry %d", i).isCloseTo(expected[i], within(1e-6f));
    }
    // (2, 7, 8) lands on (8, 2) / |(8, 2)|
    float[] y = pca.project(new float[] {2, 7, 8}, 1);
    double norm = Math.sqrt(68);
    assertThat(y[0]).isCloseTo((float) (8 / norm), within(1e-6f));
    assertThat(y[1]).isCloseTo((float) (2 / norm), within(1e-6f));
  }

  @Test
  void fromArraysRestoresTheSameProjection() {
    float[] keys = TestKeys.unit(300, 12, 4402);
    Pca pca = Pca.fit(keys, 300, 12, 4, 300, 1);
    Pca copy = Pca.fromArrays(pca.mean(), pca.components(), 4);
    assertThat(copy.project(keys, 300)).containsExactly(pca.project(keys, 300));
    assertThatThrownBy(() -> Pca.fromArrays(new float[3], new float[7], 2))
        .hasMessageContaining("got D = 3, r = 2, 7 floats");
  }

  @Test
  void samplesDistinctRows() {
    int[] rows = Pca.sample(1000, 50, 9);
    assertThat(rows).hasSize(50).doesNotHaveDuplicates().isSorted();
    assertThat(rows[0]).isGreaterThanOrEqualTo(0);
    assertThat(rows[49]).isLessThan(1000);
    assertThat(Pca.sample(5, 5, 9)).containsExactly(0, 1, 2, 3, 4);
  }

  /** {@code r} orthonormal rows of {@code dim} (Gram-Schmidt on Gaussian vectors). */
  private static float[] orthonormal(int r, int dim, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] v = new double[r][dim];
    for (int j = 0; j < r; j++) {
      for (int d = 0; d < dim; d++) {
        v[j][d] = rnd.nextGaussian();
      }
      for (int i = 0; i < j; i++) {
        double p = 0;
        for (int d = 0; d < dim; d++) {
          p += v[j][d] * v[i][d];
        }
        for (int d = 0; d < dim; d++) {
          v[j][d] -= p * v[i][d];
        }
      }
      double s = 0;
      for (int d = 0; d < dim; d++) {
        s += v[j][d] * v[j][d];
      }
      for (int d = 0; d < dim; d++) {
        v[j][d] /= Math.sqrt(s);
      }
    }
    float[] out = new float[r * dim];
    for (int j = 0; j < r; j++) {
      for (int d = 0; d < dim; d++) {
        out[j * dim + d] = (float) v[j][d];
      }
    }
    return out;
  }
}
