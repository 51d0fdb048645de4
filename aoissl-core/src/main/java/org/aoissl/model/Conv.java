package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Every 2-D convolution of the project's models, with one guard for libtorch's CPU convolution (oneDNN):
 * it sporadically returns NaN from finite inputs and weights when the input has more than one block of 8
 * channels but not a whole number of blocks (measurements in RESULTS). Such inputs are therefore given
 * zero channels up to the next multiple of 8, with zero weights for them: no output value changes, and
 * the gradients of the real channels and weights are the same.
 */
public final class Conv {
  /** The channel block of oneDNN's AVX2 convolution kernels. */
  static final long CHANNEL_BLOCK = 8;

  private Conv() {}

  /**
   * {@code x [N, in, H, W]} convolved with {@code weight [out, in, k, k]} (dilation 1, one group).
   *
   * @param bias {@code [out]} or null
   */
  public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, Shape pad) {
    NDArray w = weight;
    Shape ws = w.getShape();
    long in = ws.get(1);
    if (in > CHANNEL_BLOCK && in % CHANNEL_BLOCK != 0) {
      long extra = CHANNEL_BLOCK - in % CHANNEL_BLOCK;
      Shape xs = x.getShape();
      NDManager m = x.getManager();
      x = x.concat(m.zeros(new Shape(xs.get(0), extra, xs.get(2), xs.get(3))), 1); // [N, in + extra, H, W]
      // The result would land on the parameter's long-lived manager (that of concat's first operand).
      w = Ops.adopt(w.concat(m.zeros(new Shape(ws.get(0), extra, ws.get(2), ws.get(3))), 1), m); // [out, in + extra, k, k]
    }
    Shape s = new Shape(stride, stride);
    return Conv2d.conv2d(x, w, bias, s, pad, new Shape(1, 1), 1).singletonOrThrow(); // [N, out, H', W']
  }
}
