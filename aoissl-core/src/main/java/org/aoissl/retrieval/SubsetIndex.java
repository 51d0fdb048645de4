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
    if (entries.length == 0) {
      throw new IllegalArgumentException("a subset index needs at least one entry");
    }
    this.entries = entries.clone();
    this.dim = bank.dim();
    float[] keys = new float[entries.length * dim];
    for (int i = 0; i < entries.length; i++) {
      bank.copyKeys(entries[i], entries[i] + 1, keys, i * dim);
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
