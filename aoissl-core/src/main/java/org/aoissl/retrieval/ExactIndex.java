package org.aoissl.retrieval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.List;

/**
 * Exact cosine search by matmul and top-k on libtorch. The keys live as one {@code [N, D]} array on
 * the index's own manager. A search computes {@code Q·Kᵀ} for at most {@link #queriesPerPass()}
 * queries against at most {@link #rowsPerChunk()} keys at a time, keeps each chunk's top k, and
 * picks the final top k among the chunks' candidates; so the largest temporary is one {@code
 * [queries, rows]} block of similarities, whatever the bank size. Every pass runs in a child manager
 * and {@link NDScope} that are closed, so nothing accumulates on the index's manager. Searches may run
 * concurrently from several threads.
 */
public final class ExactIndex implements NeighborIndex {
  public static final int DEFAULT_ROWS_PER_CHUNK = 65_536;
  public static final int DEFAULT_QUERIES_PER_PASS = 1_024;
  public static final int MAX_QUERIES_PER_PASS = 2_048;

  private final NDManager manager;
  private final NDArray keys; // [N, D]
  private final int n;
  private final int dim;
  private volatile int rowsPerChunk = DEFAULT_ROWS_PER_CHUNK;
  private volatile int queriesPerPass = DEFAULT_QUERIES_PER_PASS;

  /** An index over the {@code n} keys {@code keys[i * dim .. (i + 1) * dim)}, copied. */
  public ExactIndex(float[] keys, int n, int dim) {
    this(n, dim, List.of(checkLength(keys, n, dim)).iterator());
  }

  /** Rows copied to libtorch at once: a direct buffer holds at most 2 GB. */
  private static final int COPY_ROWS = 65_536;

  /**
   * An index over {@code n} keys that arrive in row-major chunks (each a whole number of rows, in entry
   * order), so that a large bank never needs one Java array; each chunk is copied as it arrives.
   */
  public static ExactIndex fromChunks(int n, int dim, Iterator<float[]> chunks) {
    return new ExactIndex(n, dim, chunks);
  }

  private ExactIndex(int n, int dim, Iterator<float[]> chunks) {
    if (n < 1 || dim < 1) {
      throw new IllegalArgumentException("need n >= 1 keys of dim >= 1; got " + n + " x " + dim);
    }
    this.n = n;
    this.dim = dim;
    this.manager = Engine.getEngine("PyTorch").newBaseManager();
    try {
      this.keys = manager.zeros(new Shape(n, dim), DataType.FLOAT32);
      fill(chunks);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private void fill(Iterator<float[]> chunks) {
    // One direct buffer for every part: DJL copies a heap array into a new direct buffer per array it
    // creates, and those are freed only when the garbage collector runs, so a multi-gigabyte bank would
    // leave up to the heap's size of them behind. The part aliasing this buffer is closed before reuse.
    ByteBuffer staging = null;
    int row = 0;
    while (chunks.hasNext()) {
      float[] c = chunks.next();
      if (c.length % dim != 0) {
        throw new IllegalArgumentException("chunk of " + c.length + " floats is not whole rows of " + dim);
      }
      int rows = c.length / dim;
      if ((long) row + rows > n) {
        throw new IllegalArgumentException("chunks hold more than the " + n + " keys announced");
      }
      for (int r0 = 0; r0 < rows; r0 += COPY_ROWS) {
        int rn = Math.min(COPY_ROWS, rows - r0);
        if (staging == null) {
          staging = ByteBuffer.allocateDirect(Math.min(COPY_ROWS, n) * dim * Float.BYTES).order(ByteOrder.nativeOrder());
        }
        staging.clear();
        staging.asFloatBuffer().put(c, r0 * dim, rn * dim);
        staging.limit(rn * dim * Float.BYTES);
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
          NDArray part = m.create(staging, new Shape(rn, dim), DataType.FLOAT32);
          keys.set(new NDIndex("{}:{}", row + r0, row + r0 + rn), part);
        }
      }
      row += rows;
    }
    if (row != n) {
      throw new IllegalArgumentException("chunks hold " + row + " keys; expected " + n);
    }
  }

  /**
   * Sets the search blocking: at most {@code rows} keys and {@code queries} queries per matmul
   * (the temporary similarity block is {@code rows × queries} floats).
   */
  public ExactIndex chunking(int rows, int queries) {
    if (rows < 1 || queries < 1 || queries > MAX_QUERIES_PER_PASS) {
      throw new IllegalArgumentException("need rows >= 1 and queries in [1, " + MAX_QUERIES_PER_PASS
          + "]; got " + rows + ", " + queries);
    }
    this.rowsPerChunk = rows;
    this.queriesPerPass = queries;
    return this;
  }

  public int rowsPerChunk() {
    return rowsPerChunk;
  }

  public int queriesPerPass() {
    return queriesPerPass;
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public int dim() {
    return dim;
  }

  /** The index's own manager (exposed so tests can check that searches leave nothing on it). */
  NDManager manager() {
    return manager;
  }

  @Override
  public Neighbors search(float[] queries, int nq, int k) {
    checkQueries(queries, nq, k, n, dim);
    int[] ids = new int[nq * k];
    float[] sims = new float[nq * k];
    int pass = queriesPerPass;
    for (int q0 = 0; q0 < nq; q0 += pass) {
      int qn = Math.min(pass, nq - q0);
      searchPass(queries, q0, qn, k, ids, sims);
    }
    return new Neighbors(nq, k, ids, sims);
  }

  /** Queries {@code q0 .. q0 + qn} into rows {@code q0 ..} of {@code ids} and {@code sims}. */
  private void searchPass(float[] queries, int q0, int qn, int k, int[] ids, float[] sims) {
    int rows = rowsPerChunk;
    try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
      NDArray q = m.create(FloatBuffer.wrap(queries, q0 * dim, qn * dim), new Shape(qn, dim));
      NDList values = new NDList();
      NDList indices = new NDList();
      for (int r0 = 0; r0 < n; r0 += rows) {
        int rn = Math.min(rows, n - r0);
        NDArray chunk = keys.get(new NDIndex("{}:{}", r0, r0 + rn));
        chunk.attach(m);
        NDArray s = q.matMul(chunk.transpose()); // [qn, rn]
        NDList top = s.topK(Math.min(k, rn), 1, true, true); // [qn, k'] each
        s.close(); // the block is the big temporary: free it before the next one
        values.add(top.get(0));
        indices.add(r0 == 0 ? top.get(1) : top.get(1).add(r0));
      }
      NDArray bestSims;
      NDArray bestIds;
      if (values.size() == 1) {
        bestSims = values.get(0);
        bestIds = indices.get(0);
      } else {
        NDArray cand = NDArrays.concat(values, 1); // [qn, chunks·k]
        NDList top = cand.topK(k, 1, true, true);
        bestSims = top.get(0);
        bestIds = NDArrays.concat(indices, 1).gather(top.get(1), 1);
      }
      float[] s = bestSims.toFloatArray();
      long[] id = bestIds.toLongArray();
      System.arraycopy(s, 0, sims, q0 * k, qn * k);
      for (int i = 0; i < qn * k; i++) {
        ids[q0 * k + i] = (int) id[i];
      }
    }
  }

  static void checkQueries(float[] queries, int nq, int k, int size, int dim) {
    if (nq < 0 || (long) nq * dim > queries.length) {
      throw new IllegalArgumentException(nq + " queries of dim " + dim + " need " + (long) nq * dim
          + " floats; got " + queries.length);
    }
    if (k < 1 || k > size) {
      throw new IllegalArgumentException("k must be in [1, " + size + "] (the bank size); got " + k);
    }
  }

  static float[] checkLength(float[] keys, int n, int dim) {
    if ((long) n * dim != keys.length) {
      throw new IllegalArgumentException(n + " keys of dim " + dim + " need " + (long) n * dim
          + " floats; got " + keys.length);
    }
    return keys;
  }

  @Override
  public void close() {
    manager.close();
  }
}
