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
import org.aoissl.inspect.Inspector;
import org.aoissl.retrieval.ExactIndex;
import org.aoissl.retrieval.HnswIndex;
import org.aoissl.retrieval.HnswParams;
import org.aoissl.retrieval.IvfIndex;
import org.aoissl.retrieval.Neighbors;
import org.aoissl.retrieval.Recall;

/**
 * Cost of nearest-neighbour search against bank size, on {@link ClusteredKeys}: exact search (chunked
 * matmul + top-k on libtorch), the inverted file at its defaults ({@link IvfIndex#defaultCells} cells,
 * {@link IvfIndex#defaultProbes} probes) and, up to a size limit (its single-threaded build takes about
 * a millisecond per key), HNSW (Lucene, built into a temporary folder on disk and memory-mapped, as a
 * bank's {@code BANK.hnsw/} is). A search time is the best of repeated searches of one batch of
 * queries (an image's patches), after one untimed warm-up search of the same batch, scaled to 1,024
 * queries ({@link #best}). Memory: a bank of {@code size × dim} floats is held once on the Java heap and
 * once more per index, on the heap (the inverted file) or in libtorch (the indexes are built one after the
 * other).
 */
public final class RetrievalBench {
  /** Timed runs at least and at most, and the time after which no more are started. */
  private static final int MIN_RUNS = 2;
  private static final int MAX_RUNS = 20;
  private static final double ENOUGH_SECONDS = 1.0;

  private RetrievalBench() {}

  /**
   * One bank size. Times are seconds per 1,024 queries; the HNSW fields are NaN above the size limit.
   *
   * @param ivfCells cells the inverted file kept
   * @param ivfProbes cells it probed per query
   * @param ivfBatchSeconds the inverted file searching {@link Inspector#IVF_IMAGES_PER_SEARCH} times as many
   *     queries at once, as batch runs do, per 1,024 of them
   * @param ivfRecall recall@k of the inverted file against the exact search
   */
  public record Row(long size, int dim, int queries, int k, double exactSeconds, int ivfCells,
      int ivfProbes, double ivfBuildSeconds, double ivfSeconds, double ivfBatchSeconds, double ivfRecall,
      HnswParams hnswParams, double hnswBuildSeconds, double hnswSeconds, double hnswRecall) {
    public String format() {
      String line = String.format(Locale.ROOT, "size %,d dim %d: exact %.3f s/1024q | ivf %d cells %d probes: build "
          + "%.1f s, %.3f s/1024q (%.3f with %d times the queries), recall@%d %.4f", size, dim, exactSeconds, ivfCells,
          ivfProbes, ivfBuildSeconds, ivfSeconds, ivfBatchSeconds, Inspector.IVF_IMAGES_PER_SEARCH, k,
          ivfRecall);
      if (!Double.isNaN(hnswSeconds)) {
        line += String.format(Locale.ROOT, " | hnsw m %d beam %d ef %d: build %.1f s, %.3f s/1024q, recall@%d %.4f",
            hnswParams.m(), hnswParams.beamWidth(), hnswParams.efSearch(), hnswBuildSeconds, hnswSeconds, k,
            hnswRecall);
      }
      return line;
    }
  }

  /**
   * For each bank size: an exact index, the inverted file, and an HNSW index built with {@code params} when
   * the size is at most {@code hnswMaxSize}; one row per size, each also logged as it is measured.
   */
  public static List<Row> costVsSize(int dim, int queries, int k, long[] sizes, long seed, HnswParams params,
      long hnswMaxSize, Consumer<String> log) {
    if (queries < 1 || k < 1) {
      throw new IllegalArgumentException("need queries >= 1 and k >= 1");
    }
    log.accept("machine: " + Machine.current() + "; load average " + Machine.loadAverage());
    ClusteredKeys gen = new ClusteredKeys(dim, seed);
    float[] q = gen.sample(queries, seed + 2);
    int batch = Inspector.IVF_IMAGES_PER_SEARCH;
    float[] qBatch = gen.sample(queries * batch, seed + 3);
    double scale = 1024.0 / queries;
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
        exactSeconds = best(() -> exact.search(q, queries, k)) * scale;
      }
      log.accept(String.format(Locale.ROOT, "size %,d: exact %.3f s per 1024 queries", n, exactSeconds));
      long t0 = System.nanoTime();
      int cells = IvfIndex.defaultCells(n);
      int probes = IvfIndex.defaultProbes(cells);
      double ivfBuild;
      double ivfSeconds;
      double ivfBatchSeconds;
      double ivfRecall;
      try (IvfIndex ivf = IvfIndex.build(keys, n, dim, cells, 5, probes, seed)) {
        ivfBuild = seconds(t0);
        cells = ivf.cells();
        ivfRecall = Recall.atK(ivf.search(q, queries, k), truth);
        ivfSeconds = best(() -> ivf.search(q, queries, k)) * scale;
        ivfBatchSeconds = best(() -> ivf.search(qBatch, queries * batch, k)) * scale / batch;
      }
      double[] hnsw = {Double.NaN, Double.NaN, Double.NaN};
      if (size <= hnswMaxSize) {
        hnsw = hnsw(keys, n, dim, q, queries, k, params, truth);
        hnsw[1] *= scale;
      }
      Row row = new Row(n, dim, queries, k, exactSeconds, cells, probes, ivfBuild, ivfSeconds, ivfBatchSeconds,
          ivfRecall, params, hnsw[0], hnsw[1], hnsw[2]);
      log.accept(row.format() + "; load average " + Machine.loadAverage());
      rows.add(row);
    }
    return rows;
  }

  /** HNSW build seconds, search seconds and recall. */
  private static double[] hnsw(float[] keys, int n, int dim, float[] q, int queries, int k, HnswParams params,
      Neighbors truth) {
    Path dir = tempFolder();
    try {
      long t0 = System.nanoTime();
      try (HnswIndex h = HnswIndex.build(dir.resolve("bank.hnsw"), "bench", keys, n, dim, params)) {
        double build = seconds(t0);
        double recall = Recall.atK(h.search(q, queries, k), truth);
        return new double[] {build, best(() -> h.search(q, queries, k)), recall};
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /**
   * The shortest run, in seconds, of at least {@value #MIN_RUNS}, repeated until they took
   * {@value #ENOUGH_SECONDS} s in all (at most {@value #MAX_RUNS}): a search of milliseconds is timed once
   * the JIT has compiled its Java kernel, one of seconds is not run twenty times.
   */
  public static double best(Runnable run) {
    double best = Double.MAX_VALUE;
    long start = System.nanoTime();
    for (int i = 0; i < MAX_RUNS && (i < MIN_RUNS || seconds(start) < ENOUGH_SECONDS); i++) {
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
