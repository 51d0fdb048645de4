package org.aoissl.retrieval;

/**
 * Dot products of query rows against one strip of {@link PackedKeys}: the arithmetic of a search, in
 * Java so that a cell's few queries need no padding, no copy to native memory and no score matrix.
 * {@link #fastest()} picks the SIMD kernel when the JVM has the incubating vector module
 * ({@code --add-modules jdk.incubator.vector}, which the launcher and the tests pass) and the plain-Java
 * one otherwise; both give the same sums up to float rounding.
 */
interface ScoreKernel {
  /**
   * {@code out[(r - from) * STRIP + c] = queries[rows[r]] · key c of the strip}, for rows
   * {@code from <= r < to} and all {@link PackedKeys#STRIP} columns of the strip.
   *
   * @param queries {@code [nq, dim]} row-major
   * @param packed a {@link PackedKeys} array; the strip's {@code [dim, STRIP]} block starts at {@code at}
   */
  void scoreStrip(float[] queries, int[] rows, int from, int to, int dim, float[] packed, int at, float[] out);

  /** The SIMD kernel when {@code jdk.incubator.vector} is in the boot layer, else the plain-Java one. */
  static ScoreKernel fastest() {
    return Kernels.FASTEST;
  }
}
