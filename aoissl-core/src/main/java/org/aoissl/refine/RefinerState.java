package org.aoissl.refine;

import org.aoissl.finetune.FinetuneState;
import org.aoissl.retrieval.SegmentOptions;

/**
 * What a stored refiner is: the U-Net run that trained it (architecture, normalisation of image + score
 * channels, steps) and the retrieval settings whose score maps it reads.
 *
 * @param imageChannels channels of the image (the rest of the input are score maps, one per class)
 * @param images support images it was trained on
 * @param seconds training time, score maps included
 */
public record RefinerState(FinetuneState finetune, String method, int k, float beta, boolean blocks,
    boolean shifted, boolean refine, int imageChannels, int images, double seconds) {

  /** The score settings, with the refiner's own 0.5 thresholds. */
  public SegmentOptions scoreOptions() {
    float[] half = new float[finetune.classes().size()];
    java.util.Arrays.fill(half, 0.5f);
    return new SegmentOptions(method, k, beta, half, blocks, shifted, refine);
  }

  /** One line for {@code bank info} and logs. */
  public String describe() {
    var u = finetune.config().unet();
    return String.format(java.util.Locale.ROOT, "U-Net width %d depth %d, %d steps on %d images in %.0f s, on scores of '%s'%s",
        u.width(), u.depth(), finetune.step(), images, seconds, scoreOptions().label(),
        u.scorePrior() != null ? " (learns corrections to them)" : "");
  }
}
