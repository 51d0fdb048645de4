package org.aoissl.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
  private final IvfLayout layout;
  private final ExactIndex centroids;
  private final ExactIndex[] cells; // null for an empty cell
  private final int[][] members; // entry ids of each cell, in entry order

  private IvfIndex(float[] keys, IvfLayout layout, int probes) {
    this.n = layout.size();
    this.dim = layout.dim();
    this.probes = probes;
    this.layout = layout;
    this.members = layout.members();
    this.centroids = new ExactIndex(layout.centroids(), layout.cells(), dim);
    this.cells = new ExactIndex[layout.cells()];
    for (int j = 0; j < cells.length; j++) {
      int[] m = members[j];
      if (m.length == 0) {
        continue;
      }
      float[] block = new float[m.length * dim]; // [n_j, D]
      for (int r = 0; r < m.length; r++) {
        System.arraycopy(keys, m[r] * dim, block, r * dim, dim);
      }
      cells[j] = new ExactIndex(block, m.length, dim);
    }
  }

  /**
   * Builds the cells from {@code keys} ({@code [n, dim]}, L2-normalised rows); see {@link IvfLayout#train}.
   *
   * @param probes cells searched per query
   */
  public static IvfIndex build(float[] keys, int n, int dim, int numCells, int iterations, int probes, long seed) {
    return open(keys, IvfLayout.train(keys, n, dim, numCells, iterations, seed), probes);
  }

  /** The index of a layout over the keys it was made from ({@code [layout.size(), dim]}). */
  public static IvfIndex open(float[] keys, IvfLayout layout, int probes) {
    if (probes < 1) {
      throw new IllegalArgumentException("probes must be >= 1; got " + probes);
    }
    if (keys.length < (long) layout.size() * layout.dim()) {
      throw new IllegalArgumentException(keys.length + " key values cannot hold the layout's " + layout.size()
          + " keys of width " + layout.dim());
    }
    return new IvfIndex(keys, layout, probes);
  }

  /** The cells this index searches. */
  public IvfLayout layout() {
    return layout;
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
      if (qs.isEmpty() || cells[j] == null) {
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

  @Override
  public void close() {
    centroids.close();
    for (ExactIndex c : cells) {
      if (c != null) {
        c.close();
      }
    }
  }
}
