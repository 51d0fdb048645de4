package org.aoissl.experiment;

import java.util.List;
import org.aoissl.pretrain.PretrainMethods;

/**
 * What {@link Experiment} runs: the paper's questions on one labeled split root (pretrain/, train/,
 * test/), sized by budgets. "scratch" (a randomly initialised encoder) is always compared.
 *
 * @param device the device whose training images form the support set and whose test images are scored
 * @param newDevice a device for the adaptation table, or null to skip it
 * @param methods pre-training methods to compare (mae, dino, ibot), each under {@code pretrainMinutes};
 *     the first is the encoder of the aggregator and adaptation tables
 * @param supportShots labeled images of {@code device} behind the method table
 * @param shots support sizes of the aggregator table (0 = every training image of the device)
 * @param adds cumulative numbers of new-device images added in the adaptation table
 * @param variants also score shifted grids and guided-filter refinement in the aggregator table
 * @param model ViT preset
 * @param imageSize pre-training crop size
 * @param batch pre-training batch
 * @param pretrainMinutes wall-clock budget of each pre-training method
 * @param finetuneMinutes wall-clock budget of each fine-tuning run
 * @param finetuneSize fine-tuning crop size (native-resolution crops)
 * @param testImages test images per device at most (0: all)
 * @param seed seed of every stage
 * @param generic an encoder checkpoint made elsewhere ({@code aoissl import} of a generic pre-trained ViT), compared
 *     as one more row of table 1 without pre-training; null for none
 */
public record ExperimentConfig(
    String device, String newDevice, List<String> methods, int supportShots, List<Integer> shots, List<Integer> adds,
    boolean variants, String model, int imageSize, int batch, double pretrainMinutes, double finetuneMinutes,
    int finetuneSize, int testImages, long seed, String generic) {

  public ExperimentConfig {
    methods = List.copyOf(methods);
    shots = List.copyOf(shots);
    adds = List.copyOf(adds);
    for (String m : methods) {
      if (!PretrainMethods.exists(m)) {
        throw new IllegalArgumentException("unknown pre-training method " + m + "; use "
            + String.join(", ", PretrainMethods.names()));
      }
    }
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("need at least one pre-training method");
    }
    if (supportShots < 1) {
      throw new IllegalArgumentException("supportShots must be >= 1; got " + supportShots);
    }
    if (!(pretrainMinutes > 0) || !(finetuneMinutes > 0)) {
      throw new IllegalArgumentException("budgets must be > 0 minutes; got " + pretrainMinutes + ", "
          + finetuneMinutes);
    }
  }
}
