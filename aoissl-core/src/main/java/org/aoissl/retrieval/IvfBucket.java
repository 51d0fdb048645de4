package org.aoissl.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Cells of an inverted file of about the same size, their keys padded to the largest and stacked on
 * libtorch as one {@code [cells, width, D]} array, so that one batched matmul and one top-k search all
 * of them for the queries probing each: a search costs a few calls per bucket instead of per cell.
 * Padding keys score minus infinity; padding queries are dropped when the results are merged.
 */
final class IvfBucket {
  /** Cells per bucket at most: the queries are padded to the most any of its cells gets. */
  static final int MAX_CELLS = 48;
  /** A bucket's largest cell holds at most this much more than its smallest (the keys' padding). */
  static final double MAX_SPREAD = 1.25;

  private final int[] cells;
  private final int width;
  private final NDArray keys; // [cells, width, D], padding rows zero
  private final NDArray bias; // [cells, 1, width], 0 or -inf; null when no cell is padded

  private IvfBucket(int[] cells, int width, NDArray keys, NDArray bias) {
    this.cells = cells;
    this.width = width;
    this.keys = keys;
    this.bias = bias;
  }

  /**
   * The non-empty cells grouped by size, each group's keys on {@code manager}.
   *
   * @param keys {@code [n, dim]}
   * @param members each cell's entry ids
   */
  static List<IvfBucket> group(float[] keys, int dim, int[][] members, NDManager manager) {
    Integer[] order = new Integer[members.length];
    for (int j = 0; j < order.length; j++) {
      order[j] = j;
    }
    Arrays.sort(order, Comparator.comparingInt(j -> members[j].length));
    List<IvfBucket> out = new ArrayList<>();
    int i = 0;
    while (i < order.length && members[order[i]].length == 0) {
      i++;
    }
    while (i < order.length) {
      int smallest = members[order[i]].length;
      int end = i + 1;
      while (end < order.length && end - i < MAX_CELLS && members[order[end]].length <= smallest * MAX_SPREAD) {
        end++;
      }
      int[] cells = new int[end - i];
      for (int c = 0; c < cells.length; c++) {
        cells[c] = order[i + c];
      }
      out.add(of(keys, dim, members, cells, manager));
      i = end;
    }
    return out;
  }

  private static IvfBucket of(float[] keys, int dim, int[][] members, int[] cells, NDManager manager) {
    int width = members[cells[cells.length - 1]].length;
    float[] block = new float[cells.length * width * dim]; // [cells, width, D]
    float[] pad = new float[cells.length * width]; // [cells, 1, width]
    boolean padded = false;
    for (int c = 0; c < cells.length; c++) {
      int[] m = members[cells[c]];
      for (int r = 0; r < m.length; r++) {
        System.arraycopy(keys, m[r] * dim, block, (c * width + r) * dim, dim);
      }
      for (int r = m.length; r < width; r++) {
        pad[c * width + r] = Float.NEGATIVE_INFINITY;
        padded = true;
      }
    }
    NDArray k = manager.create(FloatBuffer.wrap(block), new Shape(cells.length, width, dim));
    NDArray b = padded ? manager.create(FloatBuffer.wrap(pad), new Shape(cells.length, 1, width)) : null;
    return new IvfBucket(cells, width, k, b);
  }

  /** The bucket's cell ids, smallest first. */
  int[] cells() {
    return cells.clone();
  }

  /**
   * The queries probing this bucket's cells in one search, each cell's padded to {@code width}.
   *
   * @param cells the bucket's cell ids
   * @param queries per cell, the query rows probing it
   * @param width the most queries any cell of the bucket gets (rows per cell in the results)
   */
  record Slots(int[] cells, int[][] queries, int width) {
    int rows() {
      return cells.length * width;
    }
  }

  /** This bucket's share of a search, or null when no query probes any of its cells. */
  Slots slots(int[][] probing) {
    int most = 0;
    int[][] qs = new int[cells.length][];
    for (int c = 0; c < cells.length; c++) {
      qs[c] = probing[cells[c]];
      most = Math.max(most, qs[c].length);
    }
    return most == 0 ? null : new Slots(cells, qs, most);
  }

  /**
   * The best {@code min(k, width)} keys of each probing query's cell: similarities and positions within
   * the cell (a position past the cell's size is padding), {@code [cells * slots.width, kk]} each.
   *
   * @param q all queries of the search, {@code [nq, D]}
   */
  NDList search(NDArray q, Slots slots, int k) {
    long[] rows = new long[slots.rows()];
    for (int c = 0; c < cells.length; c++) {
      int[] qs = slots.queries()[c];
      for (int i = 0; i < qs.length; i++) {
        rows[c * slots.width() + i] = qs[i];
      }
    }
    int dim = (int) q.getShape().get(1);
    NDManager m = q.getManager();
    NDArray index = m.create(rows).expandDims(1).broadcast(rows.length, dim); // [rows, D]
    NDArray batch = q.gather(index, 0).reshape(cells.length, slots.width(), dim); // [cells, w_q, D]
    NDArray s = batch.batchMatMul(keys.transpose(0, 2, 1)); // [cells, w_q, width]
    if (bias != null) {
      s = s.add(bias);
    }
    int kk = Math.min(k, width);
    NDList top = s.topK(kk, 2, true, true); // [cells, w_q, kk] each
    return new NDList(top.get(0).reshape(rows.length, kk), top.get(1).reshape(rows.length, kk));
  }
}
