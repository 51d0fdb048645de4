package org.aoissl.bench;

import java.util.SplittableRandom;

/**
 * Synthetic memory-bank keys shaped like patch embeddings: a few hundred clusters of Zipf-distributed
 * sizes (some classes rare), each spread along its own low-dimensional subspace, plus a little
 * isotropic noise, L2-normalised. Uniform random unit vectors would be the worst case for HNSW
 * (no structure, every neighbour almost equally far); real embeddings have low intrinsic dimension.
 * A generator fixes the clusters; {@link #sample} draws keys or queries from them.
 */
public final class ClusteredKeys {
  /** Defaults: clusters, dimensions of each cluster's subspace, spread along it, isotropic noise. */
  public static final int CLUSTERS = 256;

  public static final int SUBSPACE = 16;
  public static final double SPREAD = 0.7;
  public static final double NOISE = 0.15;

  private final int dim;
  private final int clusters;
  private final int subspace;
  private final float[] centers; // [C, D], unit rows
  private final float[] bases; // [C, S, D]: each cluster's spread directions, unit-ish rows
  private final double[] cumulative; // [C]: cluster sampling distribution

  /** The default clusters for keys of {@code dim} dimensions. */
  public ClusteredKeys(int dim, long seed) {
    this(dim, CLUSTERS, SUBSPACE, seed);
  }

  public ClusteredKeys(int dim, int clusters, int subspace, long seed) {
    if (dim < 1 || clusters < 1 || subspace < 1) {
      throw new IllegalArgumentException("need dim, clusters, subspace >= 1; got " + dim + ", "
          + clusters + ", " + subspace);
    }
    this.dim = dim;
    this.clusters = clusters;
    this.subspace = subspace;
    SplittableRandom rnd = new SplittableRandom(seed);
    centers = new float[clusters * dim];
    for (int c = 0; c < clusters; c++) {
      gaussian(rnd, centers, c * dim, dim, 1);
      normalize(centers, c * dim, dim);
    }
    bases = new float[clusters * subspace * dim];
    gaussian(rnd, bases, 0, bases.length, 1 / Math.sqrt(dim));
    cumulative = new double[clusters];
    double total = 0;
    for (int c = 0; c < clusters; c++) {
      total += 1 / Math.pow(c + 1, 0.8);
      cumulative[c] = total;
    }
    for (int c = 0; c < clusters; c++) {
      cumulative[c] /= total;
    }
  }

  /** {@code n} keys, {@code [n, dim]} row-major, L2-normalised. */
  public float[] sample(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] out = new float[Math.multiplyExact(n, dim)];
    double[] z = new double[subspace];
    double spread = SPREAD / Math.sqrt(subspace);
    double noise = NOISE / Math.sqrt(dim);
    for (int i = 0; i < n; i++) {
      int c = cluster(rnd.nextDouble());
      for (int s = 0; s < subspace; s++) {
        z[s] = rnd.nextGaussian() * spread;
      }
      int at = i * dim;
      for (int d = 0; d < dim; d++) {
        out[at + d] = centers[c * dim + d] + (float) (rnd.nextGaussian() * noise);
      }
      for (int s = 0; s < subspace; s++) {
        int b = (c * subspace + s) * dim;
        float zs = (float) z[s];
        for (int d = 0; d < dim; d++) {
          out[at + d] += zs * bases[b + d];
        }
      }
      normalize(out, at, dim);
    }
    return out;
  }

  public int dim() {
    return dim;
  }

  public int clusters() {
    return clusters;
  }

  private int cluster(double u) {
    int lo = 0;
    int hi = clusters - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void gaussian(SplittableRandom rnd, float[] a, int from, int len, double scale) {
    for (int i = 0; i < len; i++) {
      a[from + i] = (float) (rnd.nextGaussian() * scale);
    }
  }

  /** Normalises {@code a[from .. from + len)} to unit length in place. */
  static void normalize(float[] a, int from, int len) {
    double s = 0;
    for (int i = 0; i < len; i++) {
      s += (double) a[from + i] * a[from + i];
    }
    float inv = (float) (1 / Math.sqrt(Math.max(s, 1e-30)));
    for (int i = 0; i < len; i++) {
      a[from + i] *= inv;
    }
  }
}
