package org.aoissl.retrieval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inverted-file search: the keys are split into cells by spherical k-means, a query searches only the
 * {@code probes} cells whose centroids are most similar to it, and each cell is searched exactly, as one
 * matmul and top-k on libtorch for all the queries that probe it. The cells' keys stay on libtorch, one
 * array each, and one search copies each cell's top-k back in a single transfer: with hundreds of cells
 * the calls per cell, not the arithmetic, are what a search costs. Probing
 * every cell gives exactly the exact search's neighbours. A query whose probed cells hold fewer than
 * {@code k} keys probes further cells, in order of similarity, until they hold {@code k}.
 */
public final class IvfIndex implements NeighborIndex {
  private final int n;
  private final int dim;
  private final int probes;
  private final IvfLayout layout;
  private final ExactIndex centroids;
  private final NDManager manager;
  private final NDArray[] cellKeysT; // [D, n_j] per cell (a transposed view), null for an empty cell
  private final int[][] members; // entry ids of each cell, in entry order

  private IvfIndex(float[] keys, IvfLayout layout, int probes) {
    this.n = layout.size();
    this.dim = layout.dim();
    this.probes = probes;
    this.layout = layout;
    this.members = layout.members();
    this.centroids = new ExactIndex(layout.centroids(), layout.cells(), dim);
    this.manager = Engine.getEngine("PyTorch").newBaseManager();
    this.cellKeysT = new NDArray[layout.cells()];
    try {
      for (int j = 0; j < cellKeysT.length; j++) {
        int[] m = members[j];
        if (m.length == 0) {
          continue;
        }
        float[] block = new float[m.length * dim]; // [n_j, D]
        for (int r = 0; r < m.length; r++) {
          System.arraycopy(keys, m[r] * dim, block, r * dim, dim);
        }
        cellKeysT[j] = manager.create(FloatBuffer.wrap(block), new Shape(m.length, dim)).transpose();
      }
    } catch (RuntimeException e) {
      close();
      throw e;
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

  /** Cells of the layout (a layout assigned to given centroids may hold empty ones). */
  public int cells() {
    return cellKeysT.length;
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
    ExactIndex.checkQueries(queries, nq, k, n, dim);
    // Every cell ranked for every query: cheap (cells << keys), and it lets a query probe further when
    // its first cells hold fewer than k keys.
    int numCells = cellKeysT.length;
    Neighbors ranked = centroids.search(queries, nq, numCells); // [nq, cells]
    List<List<Integer>> probing = new ArrayList<>(); // per cell: the queries that probe it
    for (int j = 0; j < numCells; j++) {
      probing.add(new ArrayList<>());
    }
    for (int q = 0; q < nq; q++) {
      int held = 0;
      for (int r = 0; r < numCells && (r < probes || held < k); r++) {
        int cell = ranked.id(q, r);
        probing.get(cell).add(q);
        held += members[cell].length;
      }
    }
    float[] bestSims = new float[nq * k];
    int[] bestIds = new int[nq * k];
    Arrays.fill(bestSims, Float.NEGATIVE_INFINITY);
    Arrays.fill(bestIds, -1);
    // Cells of at least k keys give k candidates per probing query: their top-k are stacked on libtorch
    // and copied back at once. A smaller cell is copied back on its own (its candidates are fewer).
    List<Integer> full = new ArrayList<>();
    try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
      NDList sims = new NDList();
      NDList ids = new NDList();
      for (int j = 0; j < numCells; j++) {
        List<Integer> qs = probing.get(j);
        if (qs.isEmpty() || cellKeysT[j] == null) {
          continue;
        }
        float[] sub = new float[qs.size() * dim]; // [m_j, D]
        for (int i = 0; i < qs.size(); i++) {
          System.arraycopy(queries, qs.get(i) * dim, sub, i * dim, dim);
        }
        int kk = Math.min(k, members[j].length);
        NDArray s = m.create(FloatBuffer.wrap(sub), new Shape(qs.size(), dim)).matMul(cellKeysT[j]); // [m_j, n_j]
        NDList top = s.topK(kk, 1, true, true); // [m_j, kk] each
        s.close();
        if (kk == k) {
          full.add(j);
          sims.add(top.get(0));
          ids.add(top.get(1));
        } else {
          merge(probing.get(j), members[j], kk, top.get(0).toFloatArray(), top.get(1).toLongArray(), 0, bestSims,
              bestIds, k);
        }
      }
      if (!full.isEmpty()) {
        float[] allSims = NDArrays.concat(sims, 0).toFloatArray(); // [Σ m_j, k]
        long[] allIds = NDArrays.concat(ids, 0).toLongArray();
        int row = 0;
        for (int j : full) {
          merge(probing.get(j), members[j], k, allSims, allIds, row, bestSims, bestIds, k);
          row += probing.get(j).size();
        }
      }
    }
    return new Neighbors(nq, k, bestIds, bestSims);
  }

  /** One cell's candidates (rows from {@code row} of {@code sims}/{@code ids}, {@code kk} each) merged in. */
  private static void merge(List<Integer> qs, int[] cellMembers, int kk, float[] sims, long[] ids, int row,
      float[] bestSims, int[] bestIds, int k) {
    for (int i = 0; i < qs.size(); i++) {
      int off = (row + i) * kk;
      for (int t = 0; t < kk; t++) {
        insert(bestSims, bestIds, qs.get(i) * k, k, sims[off + t], cellMembers[(int) ids[off + t]]);
      }
    }
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
    manager.close();
  }
}
