package org.aoissl.spark;

import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.DatasetOptions;
import picocli.CommandLine.Option;

/** Options every job shares: where it runs, how images are read, how many go into one task. */
final class JobArgs {
  @Option(names = "--master", description = "Spark master, e.g. local[2] (default: spark-submit's, else local[*]).")
  String master;

  @Option(names = "--layout", description = "Dataset layout: aoi-ssl, bitmask, plain, coco, via (default: detect).")
  String layout;

  @Option(names = "--classes", description = "Comma-separated class names (default: dataset.json, else "
      + "wire,ball,wedge,epoxy).")
  String classes;

  @Option(names = "--images-per-task", defaultValue = "16", description = "Images per Spark task: more means "
      + "fewer tasks to schedule, fewer means finer retries and balance (default: ${DEFAULT-VALUE}).")
  int imagesPerTask;

  DatasetOptions options() {
    return new DatasetOptions(layout, classes == null ? null : ClassSet.parse(classes), null,
        Map.of(), DatasetOptions.DEFAULT.polylineWidth());
  }

  /** Tasks for {@code n} images. */
  int partitions(int n) {
    if (imagesPerTask < 1) {
      throw new IllegalArgumentException("--images-per-task must be >= 1; got " + imagesPerTask);
    }
    return Math.max(1, (n + imagesPerTask - 1) / imagesPerTask);
  }
}
