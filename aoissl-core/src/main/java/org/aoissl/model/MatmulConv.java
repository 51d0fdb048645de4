package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A 2-D convolution as {@code im2col} and one matrix product, with gradients. libtorch
 * 2.7.1's CPU convolution, reached through DJL, returned NaN in the input gradient of about one
 * backward pass in thirty on this project's test machine (in a U-Net nearly every step: its encoder
 * is reached only through such gradients), from finite inputs and weights; the same convolution
 * written as {@code im2col} + matmul never did in the same probes. The cost is the unfolded input
 * ({@code k²} times the activations), which the U-Net's small widths afford.
 */
public final class MatmulConv {
  private MatmulConv() {}

  private static final class Holder {
    static final PtSymbolBlock MODULE = load();
  }

  /**
   * {@code [N, in, H, W] -> [N, out, H + 2·pad − k + 1, W + 2·pad − k + 1]}, on {@code x}'s manager.
   *
   * @param weight {@code [out, in, k, k]}, as PyTorch's {@code Conv2d}
   * @param bias {@code [out]}, or null
   */
  public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int pad) {
    return conv2d(x, weight, bias, pad, 1);
  }

  /**
   * As {@link #conv2d(NDArray, NDArray, NDArray, int)} with a stride: {@code [N, in, H, W] -> [N, out,
   * (H + 2·pad − k) / stride + 1, (W + 2·pad − k) / stride + 1]}.
   */
  public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int pad, int stride) {
    NDManager m = x.getManager();
    // Unnamed views: IValueUtils passes named arrays (parameters) as a dictionary.
    NDArray w = Ops.adopt(weight.reshape(weight.getShape()), m);
    NDArray b = bias != null ? Ops.adopt(bias.reshape(bias.getShape()), m) : m.zeros(new Shape(weight.getShape().get(0)));
    NDArray p = m.create(new long[] {pad, stride});
    try {
      // Never in inference mode: its tensors cannot meet parameters that record gradients later on.
      return IValueUtils.forward(Holder.MODULE, new NDList(x, w, b, p), true)
          .singletonOrThrow();
    } finally {
      p.close();
    }
  }

  private static PtSymbolBlock load() {
    try {
      return TorchScript.load("MatmulConv", String.join("\n",
          "  def forward(self: __torch__.MatmulConv, x: Tensor, w: Tensor, b: Tensor, pad: Tensor) -> Tensor:",
          "    p = int(pad[0])",
          "    s = int(pad[1])",
          "    k = w.size(2)",
          "    n = x.size(0)",
          "    h = (x.size(2) + 2 * p - k) // s + 1",
          "    v = (x.size(3) + 2 * p - k) // s + 1",
          "    cols = torch.im2col(x, [k, k], [1, 1], [p, p], [s, s])",
          "    y = torch.matmul(w.reshape(w.size(0), -1), cols)",
          "    y = y + b.reshape(1, b.size(0), 1)",
          "    return y.reshape(n, w.size(0), h, v)",
          ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
