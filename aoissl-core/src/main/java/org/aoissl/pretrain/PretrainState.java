package org.aoissl.pretrain;

import java.util.Map;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.mae.MaeConfig;

/**
 * The metadata of a pre-training checkpoint: configs, progress and provenance. Together with the saved
 * weights and optimizer moments it is everything a resumed run needs: data order, augmentations and
 * masks are functions of (seed, step).
 *
 * @param method "mae", "dino", "ibot", or {@value EncoderImport#METHOD} for published weights imported
 *     by {@link EncoderImport} (an encoder only: no config, step 0, nothing to resume)
 * @param vit the encoder (for DINO and iBOT: student and teacher)
 * @param mae MAE's model settings; null for DINO, iBOT and imports
 * @param config the run's settings; null for an imported encoder
 * @param step optimizer steps completed
 * @param totalSteps the schedule's length: fixed at the start, or for a time budget fitted before the
 *     first checkpoint
 * @param mean per-channel normalisation mean of the training data
 * @param std per-channel normalisation standard deviation
 * @param provenance data hash, code version, start time, host
 */
public record PretrainState(
    String method, VitConfig vit, MaeConfig mae, PretrainConfig config, long step, long totalSteps,
    float[] mean, float[] std, Map<String, String> provenance) {

  /** The normalisation the model was trained with. */
  public org.aoissl.data.Normalization normalization() {
    return new org.aoissl.data.Normalization(mean, std);
  }

  public PretrainState withStep(long newStep) {
    return new PretrainState(method, vit, mae, config, newStep, totalSteps, mean, std, provenance);
  }

  public PretrainState withTotalSteps(long total) {
    return new PretrainState(method, vit, mae, config, step, total, mean, std, provenance);
  }
}
