package org.aoissl.spark;

import java.io.Serializable;
import java.util.List;
import org.aoissl.inspect.SegmentChoices;

/**
 * What every segment task needs, fixed on the driver: the bank and checkpoint shipped with the job (file
 * names under {@code SparkFiles}) with the bank's CRC32 as the driver read it, the search index and the
 * user's choices, the class names (result columns) and where outputs go.
 *
 * @param failFirstAttempts test hook: the first attempt of every task fails after its first image
 */
record SegmentSpec(String bankName, String bankCrc, int bankFormat, String ckptName, String indexKind,
    String method, Integer k, Float beta, Boolean blocks, Boolean shifted, Boolean refine, String refiner,
    List<String> classes, OutputTree output, HadoopConf conf, boolean failFirstAttempts) implements Serializable {
  private static final long serialVersionUID = 1L;

  SegmentSpec {
    classes = List.copyOf(classes);
  }

  SegmentChoices choices() {
    return new SegmentChoices(method, k, beta, blocks, shifted, refine, refiner);
  }

  /** Identifies what an executor loads for this spec: the same bank, checkpoint, index and choices. */
  String modelKey() {
    return String.join("|", bankName, bankCrc, ckptName, indexKind, choices().toString());
  }
}
