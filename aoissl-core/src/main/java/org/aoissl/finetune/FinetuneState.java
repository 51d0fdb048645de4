package org.aoissl.finetune;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.aoissl.data.Normalization;
import org.aoissl.model.VitConfig;

/**
 * The metadata of a fine-tuning checkpoint: with the weights and AdamW moments, everything a resumed
 * run or a prediction needs.
 *
 * @param vit the encoder's architecture (null for the U-Net, whose shape is in the config)
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

  /** Whether the model is a U-Net rather than a ViT with a head. */
  public boolean isUNet() {
    return config.head().equals("unet");
  }

  /** The image channels the model takes. */
  public int channels() {
    return mean.length;
  }

  /** A new model of this run's architecture, seeded, its parameters on a child of {@code manager}. */
  public Segmenter newModel(NDManager manager) {
    if (isUNet()) {
      return new UNetSegmenter(config.unet().config(channels(), classes.size()), manager, config.seed(),
          config.unet().scorePrior());
    }
    return new SegModel(vit, config.head(), classes.size(), encoderFrozen(), manager, config.seed());
  }

  /** Whether the encoder is frozen (the linear probe). */
  public boolean encoderFrozen() {
    return config.head().equals("linear");
  }
}
