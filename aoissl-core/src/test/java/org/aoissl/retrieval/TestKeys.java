package org.aoissl.retrieval;

import java.util.SplittableRandom;

/** Random unit vectors and a brute-force search to check indexes against. */
final class TestKeys {
  private TestKeys() {}

  /** {@code n} Gaussian vectors of {@code dim}, L2-normalised, row-major. */
  static float[] unit(int n, int dim, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] a = new float[n * dim];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int d = 0; d < dim; d++) {
        float v = (float) rnd.nextGaussian();
        a[i * dim + d] = v;
        s += v * v;
      }
      float inv = (float) (1 / Math.sqrt(s));
      for (int d = 0; d < dim; d++) {
        a[i * dim + d] *= inv;
      }
    }
    return a;
  }

  static double dot(float[] a, int i, float[] b, int j, int dim) {
    double s = 0;
    for (int d = 0; d < dim; d++) {
      s += (double) a[i * dim + d] * b[j * dim + d];
    }
    return s;
  }

  /**
   * The exact top k of each query by a double-precision scan, best first. Fails if two of the k + 1
   * best similarities of a query are within {@code minGap}, where the order would be a coin toss.
   */
  static Neighbors bruteForce(float[] keys, int n, float[] queries, int nq, int dim, int k,
      double minGap) {
    int[] ids = new int[nq * k];
    float[] sims = new float[nq * k];
    for (int q = 0; q < nq; q++) {
      double[] s = new double[n];
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        s[i] = dot(queries, q, keys, i, dim);
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
      for (int j = 0; j < k; j++) {
        ids[q * k + j] = order[j];
        sims[q * k + j] = (float) s[order[j]];
        if (j + 1 < n && s[order[j]] - s[order[j + 1]] < minGap) {
          throw new IllegalStateException("near tie in the test data at query " + q + "; change the seed");
        }
      }
    }
    return new Neighbors(nq, k, ids, sims);
  }
}
