package org.aoissl.experiment;

import java.util.List;
import java.util.Map;

/**
 * Everything {@link Experiment} measured, as written to {@code results.json}: the four tables and the
 * training curves.
 *
 * @param machine cores, CPU, memory, JDK
 * @param date when the run started (ISO-8601)
 * @param classes class names, in table order
 */
public record ExperimentResults(String machine, String date, ExperimentConfig config, List<String> classes,
    List<MethodRow> methods, UNetRow unet, List<AggregatorRow> aggregators, List<AdaptRow> adaptation,
    List<Stage> stages, Map<String, List<double[]>> curves) {

  /** Table 1: one pre-training method (or scratch) under both downstream protocols. */
  public record MethodRow(String method, long pretrainSteps, double pretrainImagesPerSec, double pretrainLoss,
      Scores retrieval, Scores finetune, long finetuneSteps) {}

  /**
   * Table 1's baseline: a U-Net trained on the same labeled images under the same fine-tuning budget,
   * what a plant would otherwise train.
   */
  public record UNetRow(Scores finetune, long steps, double seconds) {}

  /** Table 2: a retrieval setting at a support size. */
  public record AggregatorRow(int shots, String setting, Scores scores) {}

  /**
   * Table 3: the new device after {@code added} of its labeled images: retrieval (bank add) against
   * fine-tuning the ViT, and training the U-Net, on the same images.
   */
  public record AdaptRow(int added, Scores retrieval, double addSeconds, Scores finetune, double finetuneSeconds,
      Scores unet) {}

  /** Table 4: the wall-clock of one stage. */
  public record Stage(String name, double seconds) {}
}
