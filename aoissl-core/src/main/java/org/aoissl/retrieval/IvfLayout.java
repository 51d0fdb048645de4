package org.aoissl.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The cells of an inverted file without the keys: centroids and, per cell, the entry ids it holds (in
 * entry order). Trained by spherical k-means over a bank's keys; keys added later join the cell of
 * their most similar centroid ({@link #add}; above {@link CellRanking#ROUTED_ABOVE} cells, the most
 * similar among the centroids of the key's nearest groups), which is exactly where {@link #assign} with the
 * same centroids would put them, so an index grown by adds equals one assigned afresh.
 *
 * @param size entries assigned (ids 0 .. size - 1)
 * @param dim key width
 * @param trained entries the centroids were trained on (a bank grown far past it deserves new cells)
 * @param centroids {@code [cells, dim]}, L2-normalised rows
 * @param members per cell, ascending entry ids
 */
public record IvfLayout(int size, int dim, int trained, float[] centroids, int[][] members) {
  public IvfLayout {
    if (size < 0 || dim < 1 || trained < 0 || centroids.length % dim != 0 || centroids.length / dim != members.length
        || members.length == 0) {
      throw new IllegalArgumentException("inconsistent IVF layout: " + size + " entries, dim " + dim + ", "
          + centroids.length + " centroid values, " + members.length + " cells");
    }
    int total = 0;
    for (int[] m : members) {
      total += m.length;
    }
    if (total != size) {
      throw new IllegalArgumentException("cells hold " + total + " entries; the layout says " + size);
    }
  }

  /** Number of cells (some may be empty after {@link #assign}). */
  public int cells() {
    return members.length;
  }

  /**
   * K-means cells over {@code keys} ({@code [n, dim]}, L2-normalised rows); cells left empty are dropped,
   * as they could never answer.
   *
   * @param numCells cells of the k-means (at most n)
   * @param iterations k-means iterations (assignment by the most similar centroid, centroid = normalised mean)
   * @param seed seed of the initial centroids (distinct keys drawn at random) and of the sample
   */
  public static IvfLayout train(float[] keys, int n, int dim, int numCells, int iterations, long seed) {
    if (n < 1 || numCells < 1 || numCells > n || iterations < 0) {
      throw new IllegalArgumentException("need n >= 1, 1 <= cells <= n, iterations >= 0; got n=" + n + ", cells="
          + numCells + ", iterations=" + iterations);
    }
    // The centroids are learned from a sample of SAMPLE_PER_CELL keys per cell: more hardly moves them, and
    // each iteration costs n · cells · dim, which at millions of keys would take most of the build.
    int m = (int) Math.min(n, (long) numCells * SAMPLE_PER_CELL);
    float[] sample = m == n ? keys : sample(keys, n, dim, m, seed + 1);
    float[] c = initialCentroids(sample, m, dim, numCells, seed);
    int[] nearest = new CellRanking(c, dim).nearest(sample, 0, m);
    for (int it = 0; it < iterations; it++) {
      c = update(sample, m, dim, nearest, c, numCells);
      nearest = new CellRanking(c, dim).nearest(sample, 0, m);
    }
    if (m < n) {
      nearest = new CellRanking(c, dim).nearest(keys, 0, n);
    }
    IvfLayout all = fromNearest(n, dim, n, c, nearest);
    List<float[]> kept = new ArrayList<>();
    List<int[]> ids = new ArrayList<>();
    for (int j = 0; j < all.cells(); j++) {
      if (all.members[j].length > 0) {
        kept.add(Arrays.copyOfRange(c, j * dim, (j + 1) * dim));
        ids.add(all.members[j]);
      }
    }
    float[] cent = new float[kept.size() * dim];
    for (int j = 0; j < kept.size(); j++) {
      System.arraycopy(kept.get(j), 0, cent, j * dim, dim);
    }
    return new IvfLayout(n, dim, n, cent, ids.toArray(new int[0][]));
  }

  /** Every key of {@code keys} in the cell of its most similar centroid (empty cells kept). */
  public static IvfLayout assign(float[] keys, int n, int dim, float[] centroids, int trained) {
    return fromNearest(n, dim, trained, centroids, new CellRanking(centroids, dim).nearest(keys, 0, n));
  }

  /**
   * This layout with entries {@code size .. n - 1} of {@code keys} (all the bank's keys, {@code [n, dim]})
   * assigned to their cells; the centroids stay.
   */
  public IvfLayout add(float[] keys, int n) {
    if (n < size) {
      throw new IllegalArgumentException("the bank holds " + n + " keys, fewer than the " + size + " indexed");
    }
    if (n == size) {
      return this;
    }
    int[] nearest = new CellRanking(centroids, dim).nearest(keys, size, n);
    int[] count = new int[cells()];
    for (int a : nearest) {
      count[a]++;
    }
    int[][] grown = new int[cells()][];
    int[] fill = new int[cells()];
    for (int j = 0; j < cells(); j++) {
      grown[j] = Arrays.copyOf(members[j], members[j].length + count[j]);
      fill[j] = members[j].length;
    }
    for (int i = 0; i < nearest.length; i++) {
      grown[nearest[i]][fill[nearest[i]]++] = size + i;
    }
    return new IvfLayout(n, dim, trained, centroids, grown);
  }

  private static IvfLayout fromNearest(int n, int dim, int trained, float[] centroids, int[] nearest) {
    int cells = centroids.length / dim;
    int[] count = new int[cells];
    for (int a : nearest) {
      count[a]++;
    }
    int[][] byCell = new int[cells][];
    for (int j = 0; j < cells; j++) {
      byCell[j] = new int[count[j]];
    }
    int[] fill = new int[cells];
    for (int i = 0; i < n; i++) {
      byCell[nearest[i]][fill[nearest[i]]++] = i;
    }
    return new IvfLayout(n, dim, trained, centroids, byCell);
  }

  /** Keys sampled for training centroids, per cell. */
  public static final int SAMPLE_PER_CELL = 256;

  /** {@code m} distinct keys drawn at random, in entry order ({@code [m, dim]}). */
  private static float[] sample(float[] keys, int n, int dim, int m, long seed) {
    int[] order = shuffledPrefix(n, m, seed);
    int[] ids = Arrays.copyOf(order, m);
    Arrays.sort(ids);
    float[] out = new float[m * dim];
    for (int i = 0; i < m; i++) {
      System.arraycopy(keys, ids[i] * dim, out, i * dim, dim);
    }
    return out;
  }

  /** Entry ids whose first {@code m} are a uniform random draw without repeats (partial Fisher–Yates). */
  private static int[] shuffledPrefix(int n, int m, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int j = 0; j < m; j++) {
      int r = j + rng.nextInt(n - j);
      int t = order[j];
      order[j] = order[r];
      order[r] = t;
    }
    return order;
  }

  private static float[] initialCentroids(float[] keys, int n, int dim, int cells, long seed) {
    int[] order = shuffledPrefix(n, cells, seed); // distinct keys drawn at random
    float[] c = new float[cells * dim];
    for (int j = 0; j < cells; j++) {
      System.arraycopy(keys, order[j] * dim, c, j * dim, dim);
    }
    return c;
  }

  /** Each cell's mean key, normalised; an empty cell keeps its centroid. */
  private static float[] update(float[] keys, int n, int dim, int[] nearest, float[] old, int cells) {
    double[] sum = new double[cells * dim];
    for (int i = 0; i < n; i++) {
      int off = nearest[i] * dim;
      for (int d = 0; d < dim; d++) {
        sum[off + d] += keys[i * dim + d];
      }
    }
    float[] c = old.clone();
    for (int j = 0; j < cells; j++) {
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        norm += sum[j * dim + d] * sum[j * dim + d];
      }
      if (norm > 0) {
        double s = 1 / Math.sqrt(norm);
        for (int d = 0; d < dim; d++) {
          c[j * dim + d] = (float) (sum[j * dim + d] * s);
        }
      }
    }
    return c;
  }
}
