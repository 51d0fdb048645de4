package org.aoissl.finetune;

import java.util.List;
import java.util.Map;
import org.aoissl.data.Normalization;
import org.aoissl.model.VitConfig;

/**
 * The metadata of a fine-tuning checkpoint: with the weights and AdamW moments, everything a resumed
 * run or a prediction needs.
 *
 * @param vit the encoder's architecture
 * @param classes class names, in the order of the head's outputs
 * @param init where the encoder started: "scratch" or the pre-training checkpoint (method, file, step)
 * @param step optimizer steps completed
 * @param totalSteps the schedule's length: fixed at the start, or for a time budget fitted before the
 *     first checkpoint
 * @param mean per-channel normalisation mean (the pre-trained encoder's, or the data's from scratch)
 * @param std per-channel normalisation standard deviation
 * @param provenance data hash, code version, start time, host
 */
public record FinetuneState(FinetuneConfig config, VitConfig vit, List<String> classes, String init, long step,
    long totalSteps, float[] mean, float[] std, Map<String, String> provenance) {

  public Normalization normalization() {
    return new Normalization(mean, std);
  }

  public FinetuneState withStep(long newStep) {
    return new FinetuneState(config, vit, classes, init, newStep, totalSteps, mean, std, provenance);
  }

  public FinetuneState withTotalSteps(long total) {
    return new FinetuneState(config, vit, classes, init, step, total, mean, std, provenance);
  }

  /** Whether the encoder is frozen (the linear probe). */
  public boolean encoderFrozen() {
    return config.head().equals("linear");
  }
}
