package org.aoissl.retrieval;

/**
 * Parameters of an {@link HnswIndex}: the graph's build parameters and the search beam.
 *
 * @param m maximum neighbours per graph node (Lucene's {@code maxConn}); more is better recall, a
 *     bigger graph and slower builds
 * @param beamWidth candidates kept while inserting a node (Lucene's {@code beamWidth})
 * @param efSearch candidates kept while searching; a search for k neighbours uses {@code max(k,
 *     efSearch)}. Can be changed on an open index.
 * @param buildThreads threads that build the graph. With 1 the graph is a function of the keys alone;
 *     with more, documents are indexed into several segments at once and merged by as many workers,
 *     which is faster but makes the graph (not its quality) vary from build to build. Not stored.
 */
public record HnswParams(int m, int beamWidth, int efSearch, int buildThreads) {
  /**
   * Lucene's build defaults, and a search beam that gave recall@10 ≥ 0.95 on clustered synthetic
   * banks (see {@code HnswIndexTest} and {@code RetrievalBench}).
   */
  public static final HnswParams DEFAULT = new HnswParams(16, 100, 64);

  /** Lucene's limits ({@code Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN}, {@code MAXIMUM_BEAM_WIDTH}). */
  private static final int MAX_M = 512;

  private static final int MAX_BEAM = 3200;

  /** Single-threaded (reproducible) builds. */
  public HnswParams(int m, int beamWidth, int efSearch) {
    this(m, beamWidth, efSearch, 1);
  }

  public HnswParams {
    if (m < 2 || m > MAX_M) {
      throw new IllegalArgumentException("m must be in [2, " + MAX_M + "]; got " + m);
    }
    if (beamWidth < 1 || beamWidth > MAX_BEAM) {
      throw new IllegalArgumentException("beamWidth must be in [1, " + MAX_BEAM + "]; got " + beamWidth);
    }
    if (efSearch < 1) {
      throw new IllegalArgumentException("efSearch must be >= 1; got " + efSearch);
    }
    if (buildThreads < 1) {
      throw new IllegalArgumentException("buildThreads must be >= 1; got " + buildThreads);
    }
  }

  public HnswParams withEfSearch(int ef) {
    return new HnswParams(m, beamWidth, ef, buildThreads);
  }

  public HnswParams withBuildThreads(int threads) {
    return new HnswParams(m, beamWidth, efSearch, threads);
  }
}
