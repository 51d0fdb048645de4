package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.aoissl.model.NamedParams;
import org.aoissl.model.UNet;
import org.aoissl.model.UNetConfig;

/**
 * A U-Net as a {@link Segmenter}: the supervised baseline a plant would otherwise train. It works at
 * the image's own resolution and takes any size (it pads to its pooling multiple and crops back).
 */
public final class UNetSegmenter implements Segmenter {
  /** Logit per unit of score of a refiner's fixed prior: a score 0.3 above its threshold is logit 3. */
  public static final float PRIOR_GAIN = 10f;

  private final UNet net;
  private final float[] scorePrior;

  /** A new network whose parameters live on a child of {@code manager}, closed by {@link #close()}. */
  public UNetSegmenter(UNetConfig config, NDManager manager, long seed) {
    this(config, manager, seed, null);
  }

  /**
   * @param scorePrior per-class thresholds of the score channels that end the input, or null (see {@link
   *     UNetOptions#scorePrior()})
   */
  public UNetSegmenter(UNetConfig config, NDManager manager, long seed, float[] scorePrior) {
    if (scorePrior != null && (scorePrior.length != config.numClasses() || config.inChannels() <= scorePrior.length)) {
      throw new IllegalArgumentException("a score prior needs one threshold per class (" + config.numClasses()
          + ") and score channels after the image's; got " + scorePrior.length + " for " + config.inChannels()
          + " input channels");
    }
    this.net = new UNet(config, manager, seed);
    this.scorePrior = scorePrior == null ? null : scorePrior.clone();
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
    NDArray logits = net.forward(images, training); // [N, K, H, W]
    if (scorePrior == null) {
      return logits;
    }
    int k = scorePrior.length;
    long first = images.getShape().get(1) - k;
    // Score s was normalised to x = 2s - 1; the prior is G·(s - t) = (G/2)·x + G·(1/2 - t).
    float[] offset = new float[k];
    for (int c = 0; c < k; c++) {
      offset[c] = PRIOR_GAIN * (0.5f - scorePrior[c]);
    }
    NDArray x = images.get(new NDIndex(":, {}:", first)); // [N, K, H, W]
    NDArray bias = images.getManager().create(offset, new Shape(1, k, 1, 1));
    return logits.add(x.mul(PRIOR_GAIN / 2).add(bias)); // [N, K, H, W]
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
