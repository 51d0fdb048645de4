package org.aoissl.retrieval;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;

/**
 * Writes the Lucene index behind an {@link HnswIndex}: one document per key, holding the key as a
 * {@code DOT_PRODUCT} vector field and the entry id as a numeric doc value (merges may reorder
 * documents, so doc ids are never taken for entry ids), force-merged to one segment so a search walks
 * one graph. One indexing thread and serial merges make the graph a function of the keys alone; with
 * {@link HnswParams#buildThreads()} above 1, each chunk's rows are split over that many indexing
 * threads (one segment each) and the final merge inserts with as many workers. The commit's user data
 * records the format, tag, sizes and parameters.
 */
final class HnswWriter {
  static final String VECTOR = "key";
  static final String ID = "id";
  static final String FORMAT = "aoissl.hnsw.format";
  static final String FORMAT_VERSION = "1";
  static final String TAG = "aoissl.hnsw.tag";
  static final String SIZE = "aoissl.hnsw.size";
  static final String DIM = "aoissl.hnsw.dim";
  static final String M = "aoissl.hnsw.m";
  static final String BEAM_WIDTH = "aoissl.hnsw.beamWidth";
  static final String EF_SEARCH = "aoissl.hnsw.efSearch";
  static final int MAX_DIM = 1024; // Lucene's default limit for float vectors

  private HnswWriter() {}

  static void write(Directory dir, String tag, Iterator<float[]> chunks, int n, int dim,
      HnswParams params) throws IOException {
    if (n < 1 || dim < 1 || dim > MAX_DIM) {
      throw new IllegalArgumentException("need n >= 1 keys of dim in [1, " + MAX_DIM + "]; got " + n
          + " x " + dim);
    }
    int threads = params.buildThreads();
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, HnswWriter::thread) : null;
    try (IndexWriter w = new IndexWriter(dir, config(params, pool))) {
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
        if (pool == null) {
          add(w, c, 0, rows, row, dim);
        } else {
          addInParallel(w, pool, threads, c, rows, row, dim);
        }
        row += rows;
      }
      if (row != n) {
        throw new IllegalArgumentException("chunks hold " + row + " keys; expected " + n);
      }
      w.forceMerge(1);
      Map<String, String> data = new LinkedHashMap<>();
      data.put(FORMAT, FORMAT_VERSION);
      data.put(TAG, tag);
      data.put(SIZE, Integer.toString(n));
      data.put(DIM, Integer.toString(dim));
      data.put(M, Integer.toString(params.m()));
      data.put(BEAM_WIDTH, Integer.toString(params.beamWidth()));
      data.put(EF_SEARCH, Integer.toString(params.efSearch()));
      w.setLiveCommitData(data.entrySet());
      w.commit();
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** Rows {@code [from, to)} of chunk {@code c}, whose first row is entry {@code firstId}. */
  private static void add(IndexWriter w, float[] c, int from, int to, int firstId, int dim)
      throws IOException {
    for (int r = from; r < to; r++) {
      float[] v = new float[dim];
      System.arraycopy(c, r * dim, v, 0, dim);
      Document doc = new Document();
      doc.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.DOT_PRODUCT));
      doc.add(new NumericDocValuesField(ID, firstId + r));
      w.addDocument(doc);
    }
  }

  private static void addInParallel(IndexWriter w, ExecutorService pool, int threads, float[] c,
      int rows, int firstId, int dim) throws IOException {
    List<Future<?>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = (int) ((long) rows * t / threads);
      int to = (int) ((long) rows * (t + 1) / threads);
      parts.add(pool.submit(() -> {
        add(w, c, from, to, firstId, dim);
        return null;
      }));
    }
    for (Future<?> f : parts) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while building the HNSW index");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(cause);
      }
    }
  }

  private static Thread thread(Runnable r) {
    Thread t = new Thread(r, "aoissl-hnsw-build");
    t.setDaemon(true);
    return t;
  }

  private static IndexWriterConfig config(HnswParams params, ExecutorService pool) {
    KnnVectorsFormat format = pool == null
        ? new Lucene99HnswVectorsFormat(params.m(), params.beamWidth())
        : new Lucene99HnswVectorsFormat(params.m(), params.beamWidth(), params.buildThreads(), pool);
    IndexWriterConfig c = new IndexWriterConfig();
    // Segments are read back by the default codec: only the vector format's parameters differ, and
    // they matter only when writing.
    c.setCodec(new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    });
    c.setMergeScheduler(new SerialMergeScheduler());
    // Few large segments: every merge rebuilds graphs.
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    c.setRAMBufferSizeMB(Math.max(64, Math.min(1_800, heapMb / 4)));
    c.setUseCompoundFile(false);
    return c;
  }
}
