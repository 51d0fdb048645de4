package org.aoissl.retrieval;

/**
 * Exact search over a subset of a bank's entries (e.g. a coreset), answering with the bank's own
 * entry ids so aggregators read the right labels.
 */
public final class SubsetIndex implements NeighborIndex {
  private final int[] entries;
  private final int dim;
  private final ExactIndex inner;

  /** @param entries bank entry ids to keep */
  public SubsetIndex(MemoryBank bank, int[] entries) {
    this(entries, bank.dim(), (e, dst, off) -> bank.copyKeys(e, e + 1, dst, off));
  }

  /**
   * Over rows of {@code keys} ({@code [N, dim]}, e.g. a bank's keys projected by its PCA), answering
   * with the row ids.
   *
   * @param entries row ids to keep
   */
  public SubsetIndex(float[] keys, int dim, int[] entries) {
    this(entries, dim, (e, dst, off) -> {
      if (e < 0 || (long) (e + 1) * dim > keys.length) {
        throw new IndexOutOfBoundsException("row " + e + " of " + keys.length / dim);
      }
      System.arraycopy(keys, e * dim, dst, off, dim);
    });
  }

  private interface RowCopier {
    void copy(int entry, float[] dst, int off);
  }

  private SubsetIndex(int[] entries, int dim, RowCopier rows) {
    if (entries.length == 0) {
      throw new IllegalArgumentException("a subset index needs at least one entry");
    }
    this.entries = entries.clone();
    this.dim = dim;
    float[] keys = new float[entries.length * dim];
    for (int i = 0; i < entries.length; i++) {
      rows.copy(entries[i], keys, i * dim);
    }
    this.inner = new ExactIndex(keys, entries.length, dim);
  }

  @Override
  public int size() {
    return entries.length;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public Neighbors search(float[] queries, int n, int k) {
    Neighbors nb = inner.search(queries, n, k);
    int[] ids = nb.ids().clone();
    for (int i = 0; i < ids.length; i++) {
      ids[i] = entries[ids[i]];
    }
    return new Neighbors(nb.queries(), nb.k(), ids, nb.sims());
  }

  @Override
  public void close() {
    inner.close();
  }
}
