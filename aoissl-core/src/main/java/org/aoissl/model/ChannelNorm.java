package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;

/**
 * A per-channel normalisation of {@code [N, C, H, W]} maps with a learned affine: BatchNorm
 * ({@code torch.nn.BatchNorm2d}: momentum 0.1, eps 1e-5, unbiased running variance) or GroupNorm
 * ({@code torch.nn.GroupNorm(min(8, C), C)}, eps 1e-5).
 *
 * <p>BatchNorm registers {@code name.running_mean} and {@code name.running_var} as fixed entries so
 * checkpoints carry them. DJL's {@link BatchNorm#batchNorm} on the PyTorch engine updates them in place
 * during a training forward, but takes MXNet's momentum (the fraction kept), so PyTorch's 0.1 is passed
 * as 0.9.
 */
final class ChannelNorm {
  static final float EPS = 1e-5f;
  /** PyTorch's momentum: the weight of the new batch statistic in the running average. */
  static final float MOMENTUM = 0.1f;

  private final Parameter weight;
  private final Parameter bias;
  private final Parameter runningMean;
  private final Parameter runningVar;
  private final int channels;
  private final int groups;

  ChannelNorm(NamedParams params, String name, String kind, int channels) {
    this.channels = channels;
    weight = params.normWeight(name + ".weight", channels);
    bias = params.normBias(name + ".bias", channels);
    if (kind.equals("batch")) {
      runningMean = params.fixed(name + ".running_mean", new Shape(channels), new float[channels]);
      runningVar = params.fixed(name + ".running_var", new Shape(channels), SeededInit.constant(channels, 1f));
      groups = 0;
    } else {
      runningMean = null;
      runningVar = null;
      groups = Math.min(8, channels);
    }
  }

  /**
   * {@code [N, C, H, W] -> [N, C, H, W]}, on {@code x}'s manager. BatchNorm in training normalises by
   * the batch statistics and updates the running ones in place; in inference it uses the running ones.
   */
  NDArray forward(NDArray x, boolean training) {
    if (runningMean != null) {
      // Axis -1 makes DJL call torch.batch_norm directly, which normalises axis 1 of [N, C, H, W]; any
      // other axis goes through a swap of axes on a temporary sub-manager.
      return BatchNorm.batchNorm(x, runningMean.getArray(), runningVar.getArray(), weight.getArray(),
          bias.getArray(), -1, 1 - MOMENTUM, EPS, training).singletonOrThrow();
    }
    Shape s = x.getShape();
    NDArray g = x.reshape(s.get(0), groups, -1); // [N, G, C/G·H·W]
    NDArray centred = g.sub(g.mean(new int[] {2}, true));
    NDArray var = centred.square().mean(new int[] {2}, true); // [N, G, 1], biased as PyTorch's
    NDArray normed = centred.div(var.add(EPS).sqrt()).reshape(s); // [N, C, H, W]
    NDArray gamma = Ops.adopt(weight.getArray().reshape(1, channels, 1, 1), x.getManager());
    NDArray beta = Ops.adopt(bias.getArray().reshape(1, channels, 1, 1), x.getManager());
    return normed.mul(gamma).add(beta);
  }
}
