package org.aoissl.retrieval;

import java.util.Arrays;

/**
 * Ranks an inverted file's cells for each query by the similarity of their centroids. Up to
 * {@link #ROUTED_ABOVE} cells every centroid is scored. Above, the centroids are themselves split into
 * about √cells groups by a small inverted file, and a query scores only the centroids in its
 * {@link #GROUP_PROBES} most similar groups: ranking then costs about √cells + probes · √cells per query
 * rather than cells, so a large bank can be split into many small cells without the ranking taking over.
 * The groups depend only on the centroids (a fixed seed), so a layout's keys and keys added later are
 * placed by the same ranking.
 */
final class CellRanking {
  /** Cells up to which every centroid is scored. */
  static final int ROUTED_ABOVE = 1_024;
  /** Groups of centroids searched per query above {@link #ROUTED_ABOVE} cells. */
  static final int GROUP_PROBES = 8;
  /** Keys placed per {@link #nearest} pass: bounds the per-query bookkeeping of the group search. */
  private static final int NEAREST_CHUNK = 65_536;

  private final int cells;
  private final int dim;
  private final float[] centroids;
  private final PackedKeys all;
  private final IvfIndex groups; // null: every centroid is scored

  CellRanking(float[] centroids, int dim) {
    this.cells = centroids.length / dim;
    this.dim = dim;
    this.centroids = centroids;
    int[] ids = new int[cells];
    Arrays.setAll(ids, i -> i);
    this.all = PackedKeys.of(centroids, dim, ids);
    this.groups = cells > ROUTED_ABOVE
        ? IvfIndex.build(centroids, cells, dim, IvfIndex.defaultCells(cells), 5, GROUP_PROBES, 0)
        : null;
  }

  /** Whether the centroids are searched through groups (more than {@link #ROUTED_ABOVE} cells). */
  boolean grouped() {
    return groups != null;
  }

  /**
   * The {@code k} cells whose centroids are most similar to each query ({@code [nq, dim]}), best first;
   * exact when the centroids are not grouped or {@code k} is a large share of the cells.
   */
  Neighbors rank(float[] queries, int nq, int k, ScoreKernel kernel) {
    if (groups == null || (long) k * 4 > cells) {
      return all.search(queries, nq, k, kernel);
    }
    return groups.search(queries, nq, k);
  }

  /**
   * The cell of each of keys {@code from .. to - 1} of {@code keys} ({@code [n, dim]}): its most similar
   * centroid, scored on libtorch when every centroid is scored, else the best in its probed groups.
   */
  int[] nearest(float[] keys, int from, int to) {
    return nearest(keys, from, to, NEAREST_CHUNK);
  }

  /** {@link #nearest}, placing {@code chunk} keys per search when the centroids are grouped. */
  int[] nearest(float[] keys, int from, int to, int chunk) {
    int[] cell = new int[to - from];
    if (groups == null) {
      float[] rows = from == 0 && (long) to * dim == keys.length ? keys
          : Arrays.copyOfRange(keys, from * dim, to * dim);
      try (ExactIndex ci = new ExactIndex(centroids, cells, dim)) {
        Neighbors nb = ci.search(rows, to - from, 1);
        Arrays.setAll(cell, i -> nb.id(i, 0));
      }
      return cell;
    }
    for (int at = from; at < to; at += chunk) {
      int end = Math.min(to, at + chunk);
      Neighbors nb = groups.search(Arrays.copyOfRange(keys, at * dim, end * dim), end - at, 1);
      for (int i = 0; i < end - at; i++) {
        cell[at - from + i] = nb.id(i, 0);
      }
    }
    return cell;
  }
}
