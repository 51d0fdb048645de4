package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.aoissl.model.NamedParams;
import org.aoissl.model.UNet;
import org.aoissl.model.UNetConfig;

/**
 * A U-Net as a {@link Segmenter}: the supervised baseline a plant would otherwise train. It works at
 * the image's own resolution and takes any size (it pads to its pooling multiple and crops back).
 */
public final class UNetSegmenter implements Segmenter {
  private final UNet net;

  /** A new network whose parameters live on a child of {@code manager}, closed by {@link #close()}. */
  public UNetSegmenter(UNetConfig config, NDManager manager, long seed) {
    this.net = new UNet(config, manager, seed);
  }

  public UNet net() {
    return net;
  }

  @Override
  public NamedParams params() {
    return net.params();
  }

  @Override
  public NDArray logits(NDArray images, boolean training) {
    return net.forward(images, training);
  }

  @Override
  public int sizeMultiple() {
    return 1;
  }

  /** The U-Net pads to its pooling multiple; tiles on that grid see the same padding as the whole image. */
  @Override
  public int tileAlignment() {
    return net.config().multiple();
  }

  @Override
  public long trainFlopsPerImage(int size) {
    return 3 * net.flops(size, size);
  }

  @Override
  public void close() {
    net.close();
  }
}
