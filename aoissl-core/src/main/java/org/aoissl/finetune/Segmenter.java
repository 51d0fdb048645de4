package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import org.aoissl.model.NamedParams;

/**
 * A network that fine-tuning trains and prediction runs: normalised images in, per-class logits out
 * (multi-label, one sigmoid per class). The ViT with a head ({@link SegModel}) and the U-Net ({@link
 * UNetSegmenter}) are the two families; the training loop, checkpoints and prediction see only this.
 */
public interface Segmenter extends AutoCloseable {
  /** Every parameter by stable name (trainable ones, and fixed ones such as BatchNorm statistics). */
  NamedParams params();

  /**
   * Logits {@code [N, K, H, W]} of normalised images {@code [N, C, H, W]}.
   *
   * @param training true in a training step (BatchNorm uses and updates batch statistics), false at
   *     inference
   */
  NDArray logits(NDArray images, boolean training);

  /** Sides the network takes: images are resized to a multiple of it (1: any size). */
  int sizeMultiple();

  /** Tile origins for tiled inference are multiples of this, so tiles see the whole image's grid. */
  default int tileAlignment() {
    return sizeMultiple();
  }

  /** Model FLOPs of one training image at {@code size²} (forward + backward), for utilisation figures. */
  long trainFlopsPerImage(int size);

  @Override
  void close();
}
