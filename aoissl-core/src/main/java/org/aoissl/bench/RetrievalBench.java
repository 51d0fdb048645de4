package org.aoissl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.aoissl.io.StagedDirectory;
import org.aoissl.retrieval.ExactIndex;
import org.aoissl.retrieval.HnswIndex;
import org.aoissl.retrieval.HnswParams;
import org.aoissl.retrieval.Neighbors;
import org.aoissl.retrieval.Recall;

/**
 * Cost of nearest-neighbour search against bank size: exact search (chunked matmul + top-k on
 * libtorch) and HNSW (Lucene, built into a temporary folder on disk and memory-mapped, as a bank's
 * {@code BANK.hnsw/} is), on {@link ClusteredKeys}. A search time is the best of {@value #TIMED}
 * searches of one batch of queries (an image's patches), after one untimed warm-up search of the same
 * batch, scaled to 1,024 queries. Memory: a bank of {@code size × dim} floats is held once on the
 * Java heap and once in libtorch.
 */
public final class RetrievalBench {
  private static final int TIMED = 2;

  private RetrievalBench() {}

  /**
   * One bank size and search beam.
   *
   * @param exactSecondsPer1024 exact search time per 1,024 queries
   * @param hnswBuildSeconds HNSW build time (index written, force-merged, committed and opened)
   * @param hnswSecondsPer1024 HNSW search time per 1,024 queries, queries split over the cores
   * @param hnswOneThreadSecondsPer1024 the same on one thread
   * @param recall recall@k of HNSW against the exact search
   */
  public record Row(long size, int dim, int queries, int k, HnswParams params,
      double exactSecondsPer1024, double hnswBuildSeconds, double hnswSecondsPer1024,
      double hnswOneThreadSecondsPer1024, double recall) {
    public String format() {
      return String.format(Locale.ROOT,
          "size %,d dim %d: exact %.3f s/1024q (%.0f q/s) | hnsw m %d beam %d ef %d (%d build"
              + " threads): build %.1f s, %.3f s/1024q (%.0f q/s; one thread %.3f s), recall@%d %.4f",
          size, dim, exactSecondsPer1024, 1024 / exactSecondsPer1024, params.m(), params.beamWidth(),
          params.efSearch(), params.buildThreads(), hnswBuildSeconds, hnswSecondsPer1024,
          1024 / hnswSecondsPer1024, hnswOneThreadSecondsPer1024, k, recall);
    }
  }

  /** {@link #costVsSize(int, int, int, long[], long, HnswParams, int[], Consumer)} at the defaults. */
  public static List<Row> costVsSize(int dim, int queries, int k, long[] sizes, long seed,
      Consumer<String> log) {
    HnswParams p = HnswParams.DEFAULT;
    return costVsSize(dim, queries, k, sizes, seed, p, new int[] {p.efSearch()}, log);
  }

  /**
   * For each bank size: one exact index and one HNSW index built with {@code params}, searched at
   * each of {@code efSearches}; one row per size and beam.
   */
  public static List<Row> costVsSize(int dim, int queries, int k, long[] sizes, long seed,
      HnswParams params, int[] efSearches, Consumer<String> log) {
    if (queries < 1 || k < 1 || efSearches.length == 0) {
      throw new IllegalArgumentException("need queries >= 1, k >= 1 and a search beam");
    }
    log.accept("machine: " + Machine.current() + "; load average " + Machine.loadAverage());
    ClusteredKeys gen = new ClusteredKeys(dim, seed);
    float[] q = gen.sample(queries, seed + 2);
    List<Row> rows = new ArrayList<>();
    for (long size : sizes) {
      if (size < k || size > Integer.MAX_VALUE / dim) {
        throw new IllegalArgumentException("bank size must be in [k, 2^31 / dim]; got " + size);
      }
      int n = (int) size;
      float[] keys = gen.sample(n, seed + 1);
      double exactSeconds;
      Neighbors truth;
      try (ExactIndex exact = new ExactIndex(keys, n, dim)) {
        truth = exact.search(q, queries, k);
        exactSeconds = best(() -> exact.search(q, queries, k));
      }
      log.accept(String.format(Locale.ROOT, "size %,d: exact %.3f s for %d queries", n, exactSeconds,
          queries));
      Path dir = tempFolder();
      try {
        long t0 = System.nanoTime();
        try (HnswIndex hnsw = HnswIndex.build(dir.resolve("bank.hnsw"), "bench", keys, n, dim, params)) {
          double build = seconds(t0);
          log.accept(String.format(Locale.ROOT, "size %,d: hnsw build %.1f s", n, build));
          keys = null; // let the heap copy go before the searches
          for (int ef : efSearches) {
            hnsw.efSearch(ef);
            Neighbors found = hnsw.search(q, queries, k);
            double s = best(() -> hnsw.search(q, queries, k));
            hnsw.searchThreads(1);
            double one = best(() -> hnsw.search(q, queries, k));
            hnsw.searchThreads(Runtime.getRuntime().availableProcessors());
            double scale = 1024.0 / queries;
            Row row = new Row(n, dim, queries, k, params.withEfSearch(ef), exactSeconds * scale, build,
                s * scale, one * scale, Recall.atK(found, truth));
            log.accept(row.format() + "; load average " + Machine.loadAverage());
            rows.add(row);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        deleteQuietly(dir);
      }
    }
    return rows;
  }

  /** The shortest of {@value #TIMED} runs, in seconds. */
  private static double best(Runnable run) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < TIMED; i++) {
      long t0 = System.nanoTime();
      run.run();
      best = Math.min(best, seconds(t0));
    }
    return best;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Path tempFolder() {
    try {
      return Files.createTempDirectory("aoissl-retrieval-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      StagedDirectory.deleteTree(dir);
    } catch (IOException ignored) {
      // a temporary folder; nothing else to do
    }
  }
}
