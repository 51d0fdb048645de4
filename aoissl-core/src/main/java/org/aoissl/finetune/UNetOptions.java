package org.aoissl.finetune;

import org.aoissl.model.UNetConfig;

/**
 * The U-Net's shape as a fine-tuning run chooses it; channels and classes come from the data.
 *
 * @param width channels of the first level; level i has {@code width·2^i}
 * @param depth number of 2× downsamplings
 * @param norm "batch" (BatchNorm) or "group" (GroupNorm)
 * @param upsample "bilinear" or "transposed" (2×2 transposed convolution)
 * @param scorePrior null for a plain U-Net; for a refiner, the per-class thresholds of the score maps
 *     that end its input (one channel per class, normalised to [-1, 1]): the network's logits are added
 *     to the fixed prior {@value UNetSegmenter#PRIOR_GAIN}·(score − threshold), so it starts as
 *     thresholded retrieval and learns corrections instead of the whole mask
 */
public record UNetOptions(int width, int depth, String norm, String upsample, float[] scorePrior) {
  /** A textbook U-Net of about 2 M parameters: width 16, depth 4, BatchNorm, bilinear upsampling. */
  public static final UNetOptions DEFAULT = new UNetOptions(16, 4, "batch", "bilinear");

  public UNetOptions {
    new UNetConfig(1, 1, width, depth, norm, upsample); // validates, with its messages
    scorePrior = scorePrior == null ? null : scorePrior.clone();
  }

  /** A plain U-Net. */
  public UNetOptions(int width, int depth, String norm, String upsample) {
    this(width, depth, norm, upsample, null);
  }

  @Override
  public float[] scorePrior() {
    return scorePrior == null ? null : scorePrior.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UNetOptions u && width == u.width && depth == u.depth && norm.equals(u.norm)
        && upsample.equals(u.upsample) && java.util.Arrays.equals(scorePrior, u.scorePrior);
  }

  @Override
  public String toString() {
    return "UNetOptions[width=" + width + ", depth=" + depth + ", norm=" + norm + ", upsample=" + upsample
        + (scorePrior == null ? "" : ", scorePrior=" + java.util.Arrays.toString(scorePrior)) + "]";
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(width, depth, norm, upsample, java.util.Arrays.hashCode(scorePrior));
  }

  /** The network for images of {@code channels} channels and {@code classes} outputs. */
  public UNetConfig config(int channels, int classes) {
    return new UNetConfig(channels, classes, width, depth, norm, upsample);
  }
}
