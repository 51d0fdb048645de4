package org.aoissl.finetune;

import org.aoissl.model.UNetConfig;

/**
 * The U-Net's shape as a fine-tuning run chooses it; channels and classes come from the data.
 *
 * @param width channels of the first level; level i has {@code width·2^i}
 * @param depth number of 2× downsamplings
 * @param norm "batch" (BatchNorm) or "group" (GroupNorm)
 * @param upsample "bilinear" or "transposed" (2×2 transposed convolution)
 */
public record UNetOptions(int width, int depth, String norm, String upsample) {
  /** A textbook U-Net of about 2 M parameters: width 16, depth 4, BatchNorm, bilinear upsampling. */
  public static final UNetOptions DEFAULT = new UNetOptions(16, 4, "batch", "bilinear");

  public UNetOptions {
    new UNetConfig(1, 1, width, depth, norm, upsample); // validates, with its messages
  }

  /** The network for images of {@code channels} channels and {@code classes} outputs. */
  public UNetConfig config(int channels, int classes) {
    return new UNetConfig(channels, classes, width, depth, norm, upsample);
  }
}
