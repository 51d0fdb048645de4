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
      while (refs.hasNext()) {
        ImageRef ref = refs.next();
        rows.add(segment(ref, m, classes, channels, staging));
        if (spec.failFirstAttempts() && task.attemptNumber() == 0) {
          HOOK_FAILURES.incrementAndGet();
          throw new IllegalStateException("failing the first attempt of partition " + task.partitionId()
              + " after image " + ref.id() + " (test hook)");
        }
      }
    } finally {
      StagedDirectory.deleteTree(staging);
    }
    return rows.iterator();
  }

  private Row segment(ImageRef ref, ExecutorModels.Segmenting m, ClassSet classes, int channels, Path staging)
      throws IOException {
    AoiImage img;
    Segmenter.Prediction pr;
    try (TaskInput in = TaskInput.open(ref, spec.conf().get())) {
      img = ModelInput.read(in.sample(), channels, "the bank's encoder");
      pr = m.inspector().segment(img, 0);
    } catch (IOException | RuntimeException e) {
      String error = Failures.rowError(e, ref);
      if (error == null) {
        throw e;
      }
      return SegmentRows.failed(spec, ref, error);
    }
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
