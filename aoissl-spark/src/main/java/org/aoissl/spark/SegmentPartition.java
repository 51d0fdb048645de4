package org.aoissl.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.inspect.MaskSummary;
import org.aoissl.inspect.ModelInput;
import org.aoissl.inspect.PredictionFolder;
import org.aoissl.io.StagedDirectory;
import org.aoissl.retrieval.Segmenter;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Segments one partition of images on an executor, with the bank loaded once per executor: each image is
 * read, segmented exactly as {@code aoissl segment} does, its files published under their final names
 * and its result row made. Every image yields one row; a bad image yields a row with its error.
 */
final class SegmentPartition implements FlatMapFunction<Iterator<ImageRef>, Row> {
  private static final long serialVersionUID = 1L;
  /** Attempts the test hook failed in this JVM (local mode runs tasks in the driver's JVM). */
  static final AtomicInteger HOOK_FAILURES = new AtomicInteger();

  private final SegmentSpec spec;
  private final LongAccumulator loads;
  private final LongAccumulator loadNanos;

  SegmentPartition(SegmentSpec spec, LongAccumulator loads, LongAccumulator loadNanos) {
    this.spec = spec;
    this.loads = loads;
    this.loadNanos = loadNanos;
  }

  @Override
  public Iterator<Row> call(Iterator<ImageRef> refs) throws IOException {
    TaskContext task = TaskContext.get();
    ExecutorModels.Segmenting m = ExecutorModels.segmenting(spec);
    if (m.loadNanos() > 0) {
      loads.add(1);
      loadNanos.add(m.loadNanos());
    }
    ClassSet classes = m.bank().classes();
    int channels = m.bank().encoder().channels();
    Path staging = spec.output().staging("s" + task.stageId() + "-p" + task.partitionId() + "-a"
        + task.attemptNumber());
    List<Row> rows = new ArrayList<>();
    try {
      List<ImageRef> group = new ArrayList<>();
      while (refs.hasNext()) {
        group.add(refs.next());
        if (group.size() < m.inspector().imagesPerSearch() && refs.hasNext()) {
          continue;
        }
        List<Row> done = segment(group, m, classes, channels, staging);
        for (int i = 0; i < done.size(); i++) {
          rows.add(done.get(i));
          if (spec.failFirstAttempts() && task.attemptNumber() == 0) {
            HOOK_FAILURES.incrementAndGet();
            throw new IllegalStateException("failing the first attempt of partition " + task.partitionId()
                + " after image " + group.get(i).id() + " (test hook)");
          }
        }
        group.clear();
      }
    } finally {
      StagedDirectory.deleteTree(staging);
    }
    return rows.iterator();
  }

  /**
   * The rows of a group of images searched together ({@link org.aoissl.inspect.Inspector#imagesPerSearch}):
   * an image that cannot be read gets its error row; if segmenting the group fails, each image is segmented
   * alone, so the error lands on the image that caused it.
   */
  private List<Row> segment(List<ImageRef> group, ExecutorModels.Segmenting m, ClassSet classes, int channels,
      Path staging) throws IOException {
    Row[] rows = new Row[group.size()];
    List<Integer> read = new ArrayList<>();
    List<AoiImage> images = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      ImageRef ref = group.get(i);
      try (TaskInput in = TaskInput.open(ref, spec.conf().get())) {
        images.add(ModelInput.read(in.sample(), channels, "the bank's encoder"));
        read.add(i);
      } catch (IOException | RuntimeException e) {
        rows[i] = failedRow(e, ref);
      }
    }
    List<Segmenter.Prediction> preds = null;
    try {
      preds = m.inspector().segmentAll(images, 0);
    } catch (RuntimeException e) {
      // one at a time below, to find the image at fault
    }
    for (int j = 0; j < read.size(); j++) {
      ImageRef ref = group.get(read.get(j));
      AoiImage img = images.get(j);
      Segmenter.Prediction pr;
      try {
        pr = preds != null ? preds.get(j) : m.inspector().segment(img, 0);
      } catch (RuntimeException e) {
        rows[read.get(j)] = failedRow(e, ref);
        continue;
      }
      rows[read.get(j)] = publish(ref, img, pr, classes, staging);
    }
    return List.of(rows);
  }

  /** The row of an image that failed, or the failure again when it is not the image's fault. */
  private Row failedRow(Exception e, ImageRef ref) throws IOException {
    String error = Failures.rowError(e, ref);
    if (error == null) {
      if (e instanceof IOException io) {
        throw io;
      }
      throw (RuntimeException) e;
    }
    return SegmentRows.failed(spec, ref, error);
  }

  private Row publish(ImageRef ref, AoiImage img, Segmenter.Prediction pr, ClassSet classes, Path staging)
      throws IOException {
    // Writing is not the image's fault: a failure here fails the task, and Spark retries it.
    Path dir = staging.resolve(ref.id());
    PredictionFolder.create(dir);
    PredictionFolder.write(dir, ref.id(), img, pr.mask(), classes);
    spec.output().publish(dir);
    StagedDirectory.deleteTree(dir);
    return SegmentRows.segmented(spec, ref, img.height(), img.width(), MaskSummary.of(pr.mask(), classes),
        pr.timing());
  }
}
