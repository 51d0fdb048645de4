package org.aoissl.retrieval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Greedy k-center (farthest-point) subsampling of a bank, as PatchCore builds its coreset: start from
 * a random key, then repeatedly take the key farthest (Euclidean) from every key taken so far. The
 * distances are measured after a seeded Gaussian random projection to {@value #DEFAULT_PROJECTION}
 * dimensions (PatchCore's speed-up; distances are kept up to a small factor), computed on libtorch in
 * passes of rows. Each pick costs one matrix-vector product over the whole bank, so the cost is
 * {@code target · n · d}.
 */
public final class Coreset {
  public static final int DEFAULT_PROJECTION = 128;

  private static final int ROWS_PER_PASS = 65_536;

  private Coreset() {}

  /** {@link #greedy(float[], int, int, int, long, int)} with a projection to 128 dimensions. */
  public static int[] greedy(float[] keys, int n, int dim, int target, long seed) {
    return greedy(keys, n, dim, target, seed, DEFAULT_PROJECTION);
  }

  /**
   * The ids of {@code target} keys of {@code keys} ({@code [n, dim]}) in the order greedy k-center
   * picks them: distinct, the first one random (from {@code seed}).
   *
   * @param projectTo dimensions of the random projection; 0, or at least {@code dim}, for none
   */
  public static int[] greedy(float[] keys, int n, int dim, int target, long seed, int projectTo) {
    ExactIndex.checkLength(keys, n, dim);
    if (target < 1 || target > n || projectTo < 0) {
      throw new IllegalArgumentException("need 1 <= target <= n (" + n + ") and projectTo >= 0; got "
          + target + ", " + projectTo);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] picks = new int[target];
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray x = features(manager, keys, n, dim, projectTo, rnd.split()); // [n, d]
      NDArray sq = x.square().sum(new int[] {1}); // [n]
      NDArray minDist = null; // [n]: squared distance to the nearest pick; -1 at picks
      picks[0] = rnd.nextInt(n);
      for (int i = 1; i <= target; i++) {
        int last = picks[i - 1];
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
          NDArray c = x.get(last); // [d]
          c.attach(m);
          NDArray d = x.matMul(c).mul(-2).add(sq).add(sq.getFloat(last)); // [n]
          if (minDist == null) {
            minDist = d;
            NDScope.unregister(minDist);
            minDist.attach(manager);
          } else {
            // min(a, b) = a - max(a - b, 0), in place so the running minimum stays put
            minDist.subi(minDist.sub(d).clip(0f, Float.MAX_VALUE));
          }
          minDist.set(new NDIndex(last), -1f);
          if (i < target) {
            picks[i] = (int) minDist.argMax().getLong();
          }
        }
      }
    }
    return picks;
  }

  /** The keys on libtorch, randomly projected to {@code projectTo} dimensions when that is fewer. */
  private static NDArray features(NDManager manager, float[] keys, int n, int dim, int projectTo,
      SplittableRandom rnd) {
    boolean project = projectTo > 0 && projectTo < dim;
    int d = project ? projectTo : dim;
    NDArray x = manager.zeros(new Shape(n, d), DataType.FLOAT32);
    float[] p = new float[project ? dim * d : 0];
    double scale = 1 / Math.sqrt(d);
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (rnd.nextGaussian() * scale);
    }
    for (int r0 = 0; r0 < n; r0 += ROWS_PER_PASS) {
      int rn = Math.min(ROWS_PER_PASS, n - r0);
      try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
        NDArray chunk = m.create(FloatBuffer.wrap(keys, r0 * dim, rn * dim), new Shape(rn, dim));
        if (project) {
          chunk = chunk.matMul(m.create(p, new Shape(dim, d)));
        }
        x.set(new NDIndex("{}:{}", r0, r0 + rn), chunk);
      }
    }
    return x;
  }
}
