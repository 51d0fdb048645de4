package org.aoissl.retrieval;

import java.util.stream.IntStream;

/**
 * A group of keys (one inverted-file cell, or the centroids) laid out for {@link ScoreKernel}: strips of
 * {@link #STRIP} keys, each stored dimension-major ({@code [dim, STRIP]}), so a kernel step reads one
 * contiguous row of a strip for every query value; the last strip is padded with zero keys, which
 * {@link #scan} never reports.
 */
final class PackedKeys {
  /** Keys per strip: a multiple of every vector width the kernels use. */
  static final int STRIP = 64;
  /** Query rows scored against a strip at a time. */
  static final int ROWS = 64;

  private final int dim;
  private final int[] ids; // the entry id of each key
  private final float[] packed; // [strips, dim, STRIP]

  private PackedKeys(int dim, int[] ids, float[] packed) {
    this.dim = dim;
    this.ids = ids;
    this.packed = packed;
  }

  /**
   * Rows {@code ids} of {@code keys} ({@code [n, dim]}), reported under those ids.
   */
  static PackedKeys of(float[] keys, int dim, int[] ids) {
    int strips = (ids.length + STRIP - 1) / STRIP;
    float[] packed = new float[Math.multiplyExact(strips, dim * STRIP)];
    for (int j = 0; j < ids.length; j++) {
      int base = (j / STRIP) * dim * STRIP + j % STRIP;
      int row = ids[j] * dim;
      for (int d = 0; d < dim; d++) {
        packed[base + d * STRIP] = keys[row + d];
      }
    }
    return new PackedKeys(dim, ids.clone(), packed);
  }

  /** Score buffer {@link #scan} needs for {@code rows} query rows at a time. */
  static float[] buffer(int rows) {
    return new float[rows * STRIP];
  }

  /**
   * The {@code k} most similar of these keys to each of {@code nq} queries ({@code [nq, dim]}), exactly,
   * the query rows split across the cores.
   */
  Neighbors search(float[] queries, int nq, int k, ScoreKernel kernel) {
    int parts = Runtime.getRuntime().availableProcessors();
    return IntStream.range(0, parts).parallel().mapToObj(p -> {
      BestK best = new BestK(nq, k);
      int[] part = IntStream.range((int) ((long) nq * p / parts), (int) ((long) nq * (p + 1) / parts)).toArray();
      scan(queries, part, kernel, buffer(ROWS), best);
      return best;
    }).reduce(BestK::merge).orElseThrow().toNeighbors(nq);
  }

  /** Scores all of {@code rows} (query ids), {@link #ROWS} at a time; see the ranged {@code scan}. */
  void scan(float[] queries, int[] rows, ScoreKernel kernel, float[] buffer, BestK best) {
    for (int from = 0; from < rows.length; from += ROWS) {
      scan(queries, rows, from, Math.min(rows.length, from + ROWS), kernel, buffer, best);
    }
  }

  /**
   * Scores query rows {@code rows[from..to)} against every key and offers each to {@code best}, a strip
   * at a time so the strip stays in cache across the rows.
   *
   * @param buffer at least {@code (to - from) * STRIP} floats, {@link #buffer}
   */
  void scan(float[] queries, int[] rows, int from, int to, ScoreKernel kernel, float[] buffer, BestK best) {
    for (int s = 0, start = 0; start < ids.length; s++, start += STRIP) {
      kernel.scoreStrip(queries, rows, from, to, dim, packed, s * dim * STRIP, buffer);
      int valid = Math.min(STRIP, ids.length - start);
      for (int r = from; r < to; r++) {
        best.offer(rows[r], buffer, (r - from) * STRIP, valid, ids, start);
      }
    }
  }
}
