package org.aoissl.model;

import java.util.List;

/**
 * Every hyper-parameter of a {@link UNet}.
 *
 * @param inChannels image channels (2 for the paper's two illuminations)
 * @param numClasses output logit planes (multi-label: one sigmoid per class)
 * @param width channels of the first level; level {@code i} has {@code width·2^i}
 * @param depth number of 2× down-samplings (the bottleneck is at {@code 1/2^depth} resolution)
 * @param norm {@code "batch"} (BatchNorm with running statistics) or {@code "group"} (GroupNorm with
 *     {@code min(8, channels)} groups, no running statistics: the same in training and inference)
 * @param upsample {@code "bilinear"} (parameter-free ×2, channels kept) or {@code "transposed"}
 *     (a learned 2×2 stride-2 transposed convolution that halves the channels)
 */
public record UNetConfig(int inChannels, int numClasses, int width, int depth, String norm, String upsample) {
  /** Accepted values of {@link #norm()}. */
  public static final List<String> NORMS = List.of("batch", "group");
  /** Accepted values of {@link #upsample()}. */
  public static final List<String> UPSAMPLES = List.of("bilinear", "transposed");

  public UNetConfig {
    if (inChannels < 1) {
      throw new IllegalArgumentException("inChannels must be at least 1; got " + inChannels);
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be at least 1; got " + numClasses);
    }
    if (width < 1) {
      throw new IllegalArgumentException("width must be at least 1; got " + width);
    }
    if (depth < 0 || depth > 8) {
      throw new IllegalArgumentException("depth must be in [0, 8]; got " + depth);
    }
    if (!NORMS.contains(norm)) {
      throw new IllegalArgumentException("norm must be one of " + NORMS + "; got " + norm);
    }
    if (!UPSAMPLES.contains(upsample)) {
      throw new IllegalArgumentException("upsample must be one of " + UPSAMPLES + "; got " + upsample);
    }
    if ((long) width << depth > 1 << 16) {
      throw new IllegalArgumentException(
          "width·2^depth must be at most 65536 channels; got width " + width + " and depth " + depth);
    }
    if (norm.equals("group")) {
      for (int i = 0; i <= depth; i++) {
        int c = width << i;
        if (c % Math.min(8, c) != 0) {
          throw new IllegalArgumentException("norm \"group\" needs min(8, channels) groups to divide the "
              + c + " channels of level " + i + "; use a width that is a power of two or a multiple of 8; got "
              + width);
        }
      }
    }
  }

  /** Width 16, depth 4, BatchNorm, bilinear up-sampling. */
  public static UNetConfig defaults(int inChannels, int numClasses) {
    return new UNetConfig(inChannels, numClasses, 16, 4, "batch", "bilinear");
  }

  /** Channels of level {@code i}: {@code width·2^i}. */
  public int channels(int level) {
    return width << level;
  }

  /** Image sides are padded to a multiple of this ({@code 2^depth}) so every pooling halves exactly. */
  public int multiple() {
    return 1 << depth;
  }

  public boolean transposed() {
    return upsample.equals("transposed");
  }
}
