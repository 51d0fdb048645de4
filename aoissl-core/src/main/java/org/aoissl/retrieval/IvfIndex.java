package org.aoissl.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Inverted-file search: the keys are split into cells by spherical k-means, a query searches only the
 * {@code probes} cells whose centroids are most similar to it ({@link CellRanking}: every centroid scored, or
 * for many cells only those of the most similar groups of centroids), and each cell is searched exactly for all
 * the queries that probe it. Cells and centroids are {@link PackedKeys} on the Java heap, scored by a
 * {@link ScoreKernel} on all cores with the best {@code k} kept as the scores are made: a cell's few
 * queries need no padding to a batch shape and no score matrix, which on libtorch cost more than the
 * arithmetic. Probing every cell gives exactly the exact search's neighbours. A query whose probed cells
 * hold fewer than {@code k} keys probes further cells, in order of similarity, until they hold {@code k}.
 */
public final class IvfIndex implements NeighborIndex {
  /** Default cells probed per query up to 640 cells (409,600 keys). */
  public static final int DEFAULT_PROBES = 8;

  private final int n;
  private final int dim;
  private final int probes;
  private final IvfLayout layout;
  private final int[][] members; // entry ids of each cell, in entry order
  private final CellRanking ranking;
  private final PackedKeys[] cells;
  private final ScoreKernel kernel = ScoreKernel.fastest();

  private IvfIndex(float[] keys, IvfLayout layout, int probes) {
    this.n = layout.size();
    this.dim = layout.dim();
    this.probes = probes;
    this.layout = layout;
    this.members = layout.members();
    this.ranking = new CellRanking(layout.centroids(), dim);
    this.cells = new PackedKeys[members.length];
    for (int j = 0; j < members.length; j++) {
      cells[j] = PackedKeys.of(keys, dim, members[j]);
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

  /** Keys per cell the default cell count keeps above {@code CELL_KEYS²} keys (409,600, the paper's bank). */
  public static final int CELL_KEYS = 640;

  /**
   * Default cell count for {@code n} keys: √n (at most n) up to 409,600 keys, where it is 640, so a probe
   * searches about √n keys; above, cells of about {@link #CELL_KEYS} keys, so a probe's work stays the
   * same and only ranking the cells grows, slower than √n once they are grouped ({@link CellRanking}).
   * With {@link #DEFAULT_PROBES} they kept recall@10 at 0.97 at 409,600 keys.
   */
  public static int defaultCells(int n) {
    long cells = Math.max(Math.round(Math.sqrt(n)), Math.round((double) n / CELL_KEYS));
    return (int) Math.min(n, Math.max(1, cells));
  }

  /**
   * Default cells probed per query in a layout of {@code cells} cells: {@link #DEFAULT_PROBES} up to the
   * paper's 640, then {@code 8 · (cells / 640)^0.3} (10 at 1,562 cells, 16 at 6,250), because smaller cells
   * of a larger bank each hold fewer of a query's neighbours; on the benchmark's keys this kept recall@10
   * between 0.957 and 0.975 from 409,600 to 4·10⁶ keys, where 8 probes fell to 0.87.
   */
  public static int defaultProbes(int cells) {
    double grown = DEFAULT_PROBES * Math.pow(cells / (double) defaultCells(409_600), 0.3);
    return (int) Math.max(DEFAULT_PROBES, Math.round(grown));
  }

  /** Which kernel scores the cells in this JVM, for reports: SIMD or plain Java (see {@link ScoreKernel}). */
  public static String scoreKernel() {
    return Kernels.simd() ? "SIMD (jdk.incubator.vector)" : "plain Java (run with --add-modules jdk.incubator.vector "
        + "for the SIMD one)";
  }

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
    return balance(probing).parallelStream().map(part -> {
      BestK best = new BestK(nq, k);
      float[] buffer = PackedKeys.buffer(PackedKeys.ROWS);
      for (int cell : part) {
        cells[cell].scan(queries, probing[cell], kernel, buffer, best);
      }
      return best;
    }).reduce(BestK::merge).orElseThrow().toNeighbors(nq);
  }

  /** The probed cells split into one list per core, each of about the same work (queries × keys). */
  private List<List<Integer>> balance(int[][] probing) {
    int numParts = Runtime.getRuntime().availableProcessors();
    List<List<Integer>> parts = new ArrayList<>();
    for (int p = 0; p < numParts; p++) {
      parts.add(new ArrayList<>());
    }
    long[] load = new long[numParts];
    Integer[] order = IntStream.range(0, probing.length).filter(j -> probing[j].length > 0).boxed()
        .toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingLong((Integer j) -> -work(probing, j)));
    for (int j : order) { // largest first, each to the least loaded part
      int p = 0;
      for (int i = 1; i < numParts; i++) {
        p = load[i] < load[p] ? i : p;
      }
      parts.get(p).add(j);
      load[p] += work(probing, j);
    }
    return parts;
  }

  private long work(int[][] probing, int cell) {
    return (long) probing[cell].length * (members[cell].length + PackedKeys.STRIP);
  }

  /**
   * The queries probing each cell: its {@code probes} most similar cells, and further ones in order of
   * similarity while those hold fewer than {@code k} keys.
   */
  private int[][] probing(float[] queries, int nq, int k) {
    int numCells = members.length;
    int first = Math.min(probes, numCells);
    Neighbors ranked = ranking.rank(queries, nq, first, kernel); // [nq, probes]
    boolean enough = true;
    for (int q = 0; q < nq && enough; q++) {
      int held = 0;
      for (int r = 0; r < first; r++) {
        held += members[ranked.id(q, r)].length;
      }
      enough = held >= k;
    }
    if (!enough) { // rare: small cells; rank every cell so those queries can probe further
      ranked = ranking.rank(queries, nq, numCells, kernel);
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

  @Override
  public void close() {
    // the cells live on the Java heap
  }
}
