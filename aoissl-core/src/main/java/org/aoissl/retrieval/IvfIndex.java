package org.aoissl.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inverted-file search: the keys are split into cells by spherical k-means, a query searches only the
 * {@code probes} cells whose centroids are most similar to it, and each cell is searched exactly, as one
 * matmul and top-k on libtorch for all the queries that probe it ({@link ExactIndex} per cell). Probing
 * every cell gives exactly the exact search's neighbours. A query whose probed cells hold fewer than
 * {@code k} keys probes further cells, in order of similarity, until they hold {@code k}.
 */
public final class IvfIndex implements NeighborIndex {
  private final int n;
  private final int dim;
  private final int probes;
  private final ExactIndex centroids;
  private final ExactIndex[] cells;
  private final int[][] members; // entry ids of each cell, in entry order

  private IvfIndex(int n, int dim, int probes, ExactIndex centroids, ExactIndex[] cells, int[][] members) {
    this.n = n;
    this.dim = dim;
    this.probes = probes;
    this.centroids = centroids;
    this.cells = cells;
    this.members = members;
  }

  /**
   * Builds the cells from {@code keys} ({@code [n, dim]}, L2-normalised rows).
   *
   * @param numCells cells of the k-means (at most n)
   * @param iterations k-means iterations (assignment by the most similar centroid, centroid = normalised mean)
   * @param probes cells searched per query
   * @param seed seed of the initial centroids (distinct keys drawn at random)
   */
  public static IvfIndex build(float[] keys, int n, int dim, int numCells, int iterations, int probes, long seed) {
    if (n < 1 || numCells < 1 || numCells > n || probes < 1 || iterations < 0) {
      throw new IllegalArgumentException("need n >= 1, 1 <= cells <= n, probes >= 1, iterations >= 0; got n=" + n
          + ", cells=" + numCells + ", probes=" + probes + ", iterations=" + iterations);
    }
    float[] c = initialCentroids(keys, n, dim, numCells, seed);
    int[] assign = assign(keys, n, dim, c, numCells);
    for (int it = 0; it < iterations; it++) {
      c = update(keys, n, dim, assign, c, numCells);
      assign = assign(keys, n, dim, c, numCells);
    }
    // Only non-empty cells are kept: an empty one could never answer.
    List<float[]> kept = new ArrayList<>();
    List<int[]> ids = new ArrayList<>();
    int[] count = new int[numCells];
    for (int a : assign) {
      count[a]++;
    }
    int[][] byCell = new int[numCells][];
    for (int j = 0; j < numCells; j++) {
      byCell[j] = new int[count[j]];
    }
    int[] fill = new int[numCells];
    for (int i = 0; i < n; i++) {
      byCell[assign[i]][fill[assign[i]]++] = i;
    }
    for (int j = 0; j < numCells; j++) {
      if (count[j] > 0) {
        kept.add(Arrays.copyOfRange(c, j * dim, (j + 1) * dim));
        ids.add(byCell[j]);
      }
    }
    float[] cent = new float[kept.size() * dim];
    for (int j = 0; j < kept.size(); j++) {
      System.arraycopy(kept.get(j), 0, cent, j * dim, dim);
    }
    ExactIndex[] cellIndex = new ExactIndex[kept.size()];
    for (int j = 0; j < kept.size(); j++) {
      int[] m = ids.get(j);
      float[] block = new float[m.length * dim]; // [n_j, D]
      for (int r = 0; r < m.length; r++) {
        System.arraycopy(keys, m[r] * dim, block, r * dim, dim);
      }
      cellIndex[j] = new ExactIndex(block, m.length, dim);
    }
    return new IvfIndex(n, dim, probes, new ExactIndex(cent, kept.size(), dim), cellIndex,
        ids.toArray(new int[0][]));
  }

  /**
   * Default cell count for {@code n} keys: √n / 2 (at most n), 320 for the paper's 409,600. Fewer, larger
   * cells cost fewer per-cell calls; with {@link #DEFAULT_PROBES} they kept recall@10 at 0.99 there.
   */
  public static int defaultCells(int n) {
    return (int) Math.min(n, Math.max(1, Math.round(0.5 * Math.sqrt(n))));
  }

  /** Default cells probed per query. */
  public static final int DEFAULT_PROBES = 8;

  /** Cells kept (non-empty ones). */
  public int cells() {
    return cells.length;
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public Neighbors search(float[] queries, int nq, int k) {
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k must be in [1, " + n + "]; got " + k);
    }
    // Every cell ranked for every query: cheap (cells << keys), and it lets a query probe further when
    // its first cells hold fewer than k keys.
    Neighbors ranked = centroids.search(queries, nq, cells.length); // [nq, cells]
    List<List<Integer>> probing = new ArrayList<>(); // per cell: the queries that probe it
    for (int j = 0; j < cells.length; j++) {
      probing.add(new ArrayList<>());
    }
    for (int q = 0; q < nq; q++) {
      int held = 0;
      for (int r = 0; r < cells.length && (r < probes || held < k); r++) {
        int cell = ranked.id(q, r);
        probing.get(cell).add(q);
        held += members[cell].length;
      }
    }
    // Candidates per query, merged cell by cell into the best k.
    float[] bestSims = new float[nq * k];
    int[] bestIds = new int[nq * k];
    Arrays.fill(bestSims, Float.NEGATIVE_INFINITY);
    Arrays.fill(bestIds, -1);
    for (int j = 0; j < cells.length; j++) {
      List<Integer> qs = probing.get(j);
      if (qs.isEmpty()) {
        continue;
      }
      float[] sub = new float[qs.size() * dim]; // [m, D]
      for (int i = 0; i < qs.size(); i++) {
        System.arraycopy(queries, qs.get(i) * dim, sub, i * dim, dim);
      }
      int kk = Math.min(k, members[j].length);
      Neighbors got = cells[j].search(sub, qs.size(), kk);
      for (int i = 0; i < qs.size(); i++) {
        for (int t = 0; t < kk; t++) {
          insert(bestSims, bestIds, qs.get(i) * k, k, got.sim(i, t), members[j][got.id(i, t)]);
        }
      }
    }
    return new Neighbors(nq, k, bestIds, bestSims);
  }

  /** Puts (sim, id) into a query's best-first row of k if it belongs there; ties keep the lower id first. */
  private static void insert(float[] sims, int[] ids, int off, int k, float sim, int id) {
    int last = off + k - 1;
    if (!better(sim, id, sims[last], ids[last])) {
      return;
    }
    int p = last;
    while (p > off && better(sim, id, sims[p - 1], ids[p - 1])) {
      sims[p] = sims[p - 1];
      ids[p] = ids[p - 1];
      p--;
    }
    sims[p] = sim;
    ids[p] = id;
  }

  private static boolean better(float sim, int id, float otherSim, int otherId) {
    if (otherId < 0) {
      return true; // an empty slot
    }
    return sim > otherSim || (sim == otherSim && id < otherId);
  }

  private static float[] initialCentroids(float[] keys, int n, int dim, int cells, long seed) {
    // Distinct keys drawn at random (a partial Fisher–Yates shuffle of the entry ids).
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] c = new float[cells * dim];
    for (int j = 0; j < cells; j++) {
      int r = j + rng.nextInt(n - j);
      int t = order[j];
      order[j] = order[r];
      order[r] = t;
      System.arraycopy(keys, order[j] * dim, c, j * dim, dim);
    }
    return c;
  }

  private static int[] assign(float[] keys, int n, int dim, float[] centroids, int cells) {
    try (ExactIndex ci = new ExactIndex(centroids, cells, dim)) {
      Neighbors nb = ci.search(keys, n, 1);
      int[] a = new int[n];
      for (int i = 0; i < n; i++) {
        a[i] = nb.id(i, 0);
      }
      return a;
    }
  }

  /** Each cell's mean key, normalised; an empty cell keeps its centroid. */
  private static float[] update(float[] keys, int n, int dim, int[] assign, float[] old, int cells) {
    double[] sum = new double[cells * dim];
    for (int i = 0; i < n; i++) {
      int off = assign[i] * dim;
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

  @Override
  public void close() {
    centroids.close();
    for (ExactIndex c : cells) {
      c.close();
    }
  }
}
