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
 * {@code probes} cells whose centroids are most similar to it, and each cell is searched exactly for all
 * the queries that probe it. The cells' keys stay on libtorch in buckets of cells of about one size
 * ({@link IvfBucket}), one batched matmul and top-k per bucket, and one search copies the top-k back in a
 * single transfer: with hundreds of cells, calls per cell would cost more than the arithmetic. Probing
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
  private final int[][] members; // entry ids of each cell, in entry order
  private final List<IvfBucket> buckets;

  private IvfIndex(float[] keys, IvfLayout layout, int probes) {
    this.n = layout.size();
    this.dim = layout.dim();
    this.probes = probes;
    this.layout = layout;
    this.members = layout.members();
    this.centroids = new ExactIndex(layout.centroids(), layout.cells(), dim);
    this.manager = Engine.getEngine("PyTorch").newBaseManager();
    try {
      this.buckets = IvfBucket.group(keys, dim, members, manager);
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
   * Default cell count for {@code n} keys: √n (at most n), 640 for the paper's 409,600, so a probe
   * searches about √n keys and the search grows as √n. Searched a bucket of cells at a time, more and
   * smaller cells cost little more in calls; with {@link #DEFAULT_PROBES} they kept recall@10 at 0.97
   * there.
   */
  public static int defaultCells(int n) {
    return (int) Math.min(n, Math.max(1, Math.round(Math.sqrt(n))));
  }

  /** Default cells probed per query. */
  public static final int DEFAULT_PROBES = 8;

  /** Cells of the layout (a layout assigned to given centroids may hold empty ones). */
  public int cells() {
    return members.length;
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
    int[][] probing = probing(queries, nq, k); // per cell: the queries that probe it, ascending
    float[] bestSims = new float[nq * k];
    int[] bestIds = new int[nq * k];
    Arrays.fill(bestSims, Float.NEGATIVE_INFINITY);
    Arrays.fill(bestIds, -1);
    try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
      NDArray q = m.create(FloatBuffer.wrap(queries, 0, nq * dim), new Shape(nq, dim)); // [nq, D]
      NDList sims = new NDList();
      NDList ids = new NDList();
      List<IvfBucket.Slots> searched = new ArrayList<>();
      for (IvfBucket b : buckets) {
        IvfBucket.Slots slots = b.slots(probing);
        if (slots == null) {
          continue;
        }
        NDList top = b.search(q, slots, k); // [cells_b * width_q, kk] each
        if (top.get(0).getShape().get(1) == k) {
          searched.add(slots);
          sims.add(top.get(0));
          ids.add(top.get(1));
        } else { // a bucket of cells smaller than k: its candidates are fewer, copied back on their own
          merge(slots, top.get(0).toFloatArray(), top.get(1).toLongArray(), 0,
              (int) top.get(0).getShape().get(1), bestSims, bestIds, k);
        }
      }
      if (!searched.isEmpty()) {
        float[] allSims = NDArrays.concat(sims, 0).toFloatArray();
        long[] allIds = NDArrays.concat(ids, 0).toLongArray();
        int row = 0;
        for (IvfBucket.Slots slots : searched) {
          merge(slots, allSims, allIds, row, k, bestSims, bestIds, k);
          row += slots.rows();
        }
      }
    }
    return new Neighbors(nq, k, bestIds, bestSims);
  }

  /**
   * The queries probing each cell: its {@code probes} most similar cells, and further ones in order of
   * similarity while those hold fewer than {@code k} keys.
   */
  private int[][] probing(float[] queries, int nq, int k) {
    int numCells = members.length;
    int first = Math.min(probes, numCells);
    Neighbors ranked = centroids.search(queries, nq, first); // [nq, probes]
    boolean enough = true;
    for (int q = 0; q < nq && enough; q++) {
      int held = 0;
      for (int r = 0; r < first; r++) {
        held += members[ranked.id(q, r)].length;
      }
      enough = held >= k;
    }
    if (!enough) { // rare: small cells; rank every cell so those queries can probe further
      ranked = centroids.search(queries, nq, numCells);
    }
    int[] count = new int[numCells];
    int[][] chosen = new int[nq][];
    for (int q = 0; q < nq; q++) {
      int held = 0;
      int r = 0;
      while (r < ranked.k() && (r < probes || held < k)) {
        held += members[ranked.id(q, r)].length;
        count[ranked.id(q, r)]++;
        r++;
      }
      chosen[q] = new int[r];
      for (int t = 0; t < r; t++) {
        chosen[q][t] = ranked.id(q, t);
      }
    }
    int[][] byCell = new int[numCells][];
    for (int j = 0; j < numCells; j++) {
      byCell[j] = new int[count[j]];
    }
    int[] fill = new int[numCells];
    for (int q = 0; q < nq; q++) {
      for (int cell : chosen[q]) {
        byCell[cell][fill[cell]++] = q;
      }
    }
    return byCell;
  }

  /**
   * One bucket's candidates merged in: row {@code row + c * width + i} of {@code sims}/{@code ids} holds
   * the {@code kk} best of cell {@code c}'s {@code i}-th probing query, positions past a cell's size being
   * padding.
   */
  private void merge(IvfBucket.Slots slots, float[] sims, long[] ids, int row, int kk, float[] bestSims,
      int[] bestIds, int k) {
    for (int c = 0; c < slots.cells().length; c++) {
      int[] cellMembers = members[slots.cells()[c]];
      int[] qs = slots.queries()[c];
      for (int i = 0; i < qs.length; i++) {
        int off = (row + c * slots.width() + i) * kk;
        for (int t = 0; t < kk; t++) {
          int pos = (int) ids[off + t];
          if (pos < cellMembers.length) {
            insert(bestSims, bestIds, qs[i] * k, k, sims[off + t], cellMembers[pos]);
          }
        }
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
