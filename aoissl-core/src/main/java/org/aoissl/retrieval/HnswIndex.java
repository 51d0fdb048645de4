package org.aoissl.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.aoissl.io.BadInputException;
import org.aoissl.io.StagedDirectory;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Approximate cosine search on a Lucene HNSW graph, in memory or in a folder beside the bank file
 * ({@code BANK.hnsw/}). A folder is written whole or not at all (built in a hidden sibling, then
 * renamed), and carries the caller's tag (the bank file's checksum) so that an index built for another
 * bank is refused on opening. The queries of one search are split over the cores. Lucene scores a
 * {@code DOT_PRODUCT} match {@code (1 + cos) / 2}; {@link #search} returns the cosine. Should a
 * search find fewer than k keys (Lucene's graph search may, on tiny or degenerate banks), the
 * missing neighbours have id -1 and similarity {@code -Infinity}.
 */
public final class HnswIndex implements NeighborIndex {
  /** Queries below which a search stays on the calling thread. */
  private static final int MIN_QUERIES_PER_THREAD = 32;

  /** Queries a search thread takes at a time. */
  private static final int BLOCK = 8;

  private static final AtomicInteger THREAD_IDS = new AtomicInteger();
  /**
   * Lucene's notice that the vector module we run with is too new for its Java 17 code path (it then
   * uses its scalar one) warns a user about nothing; held so the level sticks.
   */
  private static final java.util.logging.Logger LUCENE_VECTORS = quiet("org.apache.lucene.internal.vectorization");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(name);
    log.setLevel(java.util.logging.Level.SEVERE);
    return log;
  }

  private final Directory directory;
  private final DirectoryReader reader;
  private final LeafReader[] leaves;
  private final int[][] leafIds; // entry id of each leaf's doc
  private final int n;
  private final int dim;
  private final String tag;
  private volatile HnswParams params;
  private volatile int searchThreads = Runtime.getRuntime().availableProcessors();

  private HnswIndex(Directory directory, DirectoryReader reader, Path where) throws IOException {
    this.directory = directory;
    this.reader = reader;
    Map<String, String> data = reader.getIndexCommit().getUserData();
    if (!HnswWriter.FORMAT_VERSION.equals(data.get(HnswWriter.FORMAT))) {
      throw new BadInputException(where, "not an aoissl HNSW index (format "
          + data.get(HnswWriter.FORMAT) + "; this version reads " + HnswWriter.FORMAT_VERSION + ")");
    }
    try {
      this.n = Integer.parseInt(data.get(HnswWriter.SIZE));
      this.dim = Integer.parseInt(data.get(HnswWriter.DIM));
      this.params = new HnswParams(Integer.parseInt(data.get(HnswWriter.M)),
          Integer.parseInt(data.get(HnswWriter.BEAM_WIDTH)),
          Integer.parseInt(data.get(HnswWriter.EF_SEARCH)));
    } catch (RuntimeException e) {
      throw new BadInputException(where, "HNSW index has a damaged commit record: " + e.getMessage(), e);
    }
    this.tag = data.getOrDefault(HnswWriter.TAG, "");
    List<LeafReaderContext> contexts = reader.leaves();
    this.leaves = new LeafReader[contexts.size()];
    this.leafIds = new int[contexts.size()][];
    boolean[] seen = new boolean[n];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = contexts.get(i).reader();
      leafIds[i] = readIds(leaves[i], seen, where);
    }
    for (int e = 0; e < n; e++) {
      if (!seen[e]) {
        throw new BadInputException(where, "HNSW index lacks entry " + e + " of " + n);
      }
    }
  }

  private int[] readIds(LeafReader leaf, boolean[] seen, Path where) throws IOException {
    int[] ids = new int[leaf.maxDoc()];
    Arrays.fill(ids, -1);
    NumericDocValues dv = leaf.getNumericDocValues(HnswWriter.ID);
    if (dv == null) {
      throw new BadInputException(where, "HNSW index has no entry ids");
    }
    for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
      long id = dv.longValue();
      if (id < 0 || id >= n || seen[(int) id]) {
        throw new BadInputException(where, "HNSW index has a bad or repeated entry id " + id);
      }
      seen[(int) id] = true;
      ids[doc] = (int) id;
    }
    return ids;
  }

  /** An in-memory index over {@code keys} ({@code [n, dim]} row-major, L2-normalised). */
  public static HnswIndex build(float[] keys, int n, int dim, HnswParams params) {
    return build(List.of(ExactIndex.checkLength(keys, n, dim)).iterator(), n, dim, params);
  }

  /** An in-memory index over {@code n} keys given in row-major chunks of whole rows. */
  public static HnswIndex build(Iterator<float[]> chunks, int n, int dim, HnswParams params) {
    Directory dir = new ByteBuffersDirectory();
    try {
      HnswWriter.write(dir, "", chunks, n, dim, params);
      return new HnswIndex(dir, DirectoryReader.open(dir), null);
    } catch (IOException e) {
      closeQuietly(dir);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeQuietly(dir);
      throw e;
    }
  }

  /**
   * Builds an index into the folder {@code dir} (absent or empty), tagged with {@code tag}, and
   * opens it.
   */
  public static HnswIndex build(Path dir, String tag, float[] keys, int n, int dim, HnswParams params)
      throws IOException {
    return build(dir, tag, List.of(ExactIndex.checkLength(keys, n, dim)).iterator(), n, dim, params);
  }

  /** {@link #build(Path, String, float[], int, int, HnswParams)} from chunks of whole rows. */
  public static HnswIndex build(Path dir, String tag, Iterator<float[]> chunks, int n, int dim,
      HnswParams params) throws IOException {
    StagedDirectory.write(dir, folder -> {
      try (Directory d = FSDirectory.open(folder)) {
        HnswWriter.write(d, tag, chunks, n, dim, params);
      }
      return null;
    });
    return open(dir, tag);
  }

  /**
   * Opens the index in folder {@code dir}, refusing one whose tag is not {@code expectedTag} (built
   * for another bank) or that is missing or unreadable.
   */
  public static HnswIndex open(Path dir, String expectedTag) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new BadInputException(dir, "HNSW index folder not found");
    }
    Directory d = FSDirectory.open(dir);
    DirectoryReader r = null;
    try {
      if (!DirectoryReader.indexExists(d)) {
        throw new BadInputException(dir, "not an HNSW index folder (no Lucene commit in it)");
      }
      try {
        r = DirectoryReader.open(d);
      } catch (IOException | RuntimeException e) {
        throw new BadInputException(dir, "unreadable HNSW index: " + e.getMessage(), e);
      }
      HnswIndex index = new HnswIndex(d, r, dir);
      if (!index.tag.equals(expectedTag)) {
        index.close();
        throw new BadInputException(dir, "HNSW index was built for another bank (tag " + index.tag
            + ", expected " + expectedTag + "); delete the folder to rebuild it");
      }
      return index;
    } catch (IOException | RuntimeException e) {
      if (r != null) {
        closeQuietly(r);
      }
      closeQuietly(d);
      throw e;
    }
  }

  public HnswParams params() {
    return params;
  }

  /** The tag the index was built with ("" for an in-memory index). */
  public String tag() {
    return tag;
  }

  /** Sets the search beam (the build parameters of an open index cannot change). */
  public HnswIndex efSearch(int ef) {
    this.params = params.withEfSearch(ef);
    return this;
  }

  /** Threads a search splits its queries over (default: the available cores). */
  public HnswIndex searchThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("searchThreads must be >= 1; got " + threads);
    }
    this.searchThreads = threads;
    return this;
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
    int[] ids = new int[nq * k];
    float[] sims = new float[nq * k];
    int ef = Math.max(k, params.efSearch());
    int parts = Math.max(1, Math.min(searchThreads, nq / MIN_QUERIES_PER_THREAD));
    if (parts == 1) {
      searchRange(queries, 0, nq, k, ef, ids, sims);
    } else {
      // Threads take blocks of queries as they go rather than a fixed share, so that a thread slowed
      // by other work on its core does not hold the others up. Fresh threads per search: starting one
      // costs far less than searching 32 queries, and there is no pool to size, share or shut down.
      AtomicInteger next = new AtomicInteger();
      Runnable worker = () -> {
        int from = next.getAndAdd(BLOCK);
        while (from < nq) {
          searchRange(queries, from, Math.min(nq, from + BLOCK), k, ef, ids, sims);
          from = next.getAndAdd(BLOCK);
        }
      };
      runAll(java.util.Collections.nCopies(parts, worker));
    }
    return new Neighbors(nq, k, ids, sims);
  }

  private void searchRange(float[] queries, int from, int to, int k, int ef, int[] ids,
      float[] sims) {
    float[] v = new float[dim];
    for (int q = from; q < to; q++) {
      System.arraycopy(queries, q * dim, v, 0, dim);
      try {
        searchOne(v, k, ef, ids, sims, q * k);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The best {@code k} of each leaf's best {@code ef}, into {@code ids/sims[at .. at + k)}. */
  private void searchOne(float[] v, int k, int ef, int[] ids, float[] sims, int at) throws IOException {
    List<long[]> hits = new ArrayList<>(); // {score bits, entry id}
    for (int l = 0; l < leaves.length; l++) {
      TopDocs td = leaves[l].searchNearestVectors(HnswWriter.VECTOR, v, ef, leaves[l].getLiveDocs(),
          Integer.MAX_VALUE);
      for (ScoreDoc sd : td.scoreDocs) {
        hits.add(new long[] {Float.floatToIntBits(sd.score), leafIds[l][sd.doc]});
      }
    }
    // Best score first; equal scores by entry id, so results do not depend on leaf order.
    hits.sort((a, b) -> {
      int c = Float.compare(Float.intBitsToFloat((int) b[0]), Float.intBitsToFloat((int) a[0]));
      return c != 0 ? c : Long.compare(a[1], b[1]);
    });
    for (int j = 0; j < k; j++) {
      if (j < hits.size()) {
        ids[at + j] = (int) hits.get(j)[1];
        sims[at + j] = 2 * Float.intBitsToFloat((int) hits.get(j)[0]) - 1;
      } else {
        ids[at + j] = -1;
        sims[at + j] = Float.NEGATIVE_INFINITY;
      }
    }
  }

  /** Runs {@code tasks} on fresh threads and the calling thread (the last task), rethrowing failures. */
  private static void runAll(List<Runnable> tasks) {
    List<Thread> threads = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int i = 0; i < tasks.size() - 1; i++) {
      Runnable task = tasks.get(i);
      Thread t = new Thread(task, "aoissl-hnsw-search-" + THREAD_IDS.incrementAndGet());
      t.setDaemon(true);
      t.setUncaughtExceptionHandler((th, e) -> {
        synchronized (failure) {
          failure[0] = failure[0] == null ? e : failure[0];
        }
      });
      t.start();
      threads.add(t);
    }
    try {
      tasks.get(tasks.size() - 1).run();
    } finally {
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while searching", e);
        }
      }
    }
    synchronized (failure) {
      if (failure[0] instanceof RuntimeException re) {
        throw re;
      }
      if (failure[0] instanceof Error er) {
        throw er;
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already failing; the first error is the one to report
    }
  }

  @Override
  public void close() {
    closeQuietly(reader);
    closeQuietly(directory);
  }
}
