package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import org.aoissl.model.NamedParams;
import org.aoissl.model.TokenGrid;

/**
 * A segmentation head on a ViT's patch grid: per-class logits at the image's resolution. A head may
 * also read the normalised images themselves (pixel-level skip features) or ignore them.
 */
public interface SegHead {
  /** The head's name as {@link FinetuneConfig#head()} spells it. */
  String kind();

  /**
   * Logits {@code [N, K, H, W]} of the {@code K} classes (multi-label: one sigmoid each) from the
   * encoder's normalised output grid; {@code H × W} is the size of {@code images}.
   *
   * @param grid the last block's tokens after the final norm, patches {@code [N, h, w, D]}
   * @param images the normalised images the encoder read, {@code [N, C, H, W]}
   */
  NDArray forward(TokenGrid grid, NDArray images);

  /** Model FLOPs of one forward pass of one image of {@code height × width} (for utilisation figures). */
  long flops(int height, int width);

  /** A head of the given kind registering its parameters into {@code params} (names as given there). */
  static SegHead create(String kind, NamedParams params, int channels, int dim, int patch, int numClasses) {
    return switch (kind) {
      case "linear" -> new LinearHead(params, dim, patch, numClasses);
      case "decoder" -> new ConvDecoder(params, dim, patch, numClasses);
      case "unetr" -> new UnetrDecoder(params, channels, dim, patch, numClasses);
      default -> throw new IllegalArgumentException("unknown head " + kind + "; use one of " + FinetuneConfig.HEADS);
    };
  }
}
