package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;

/**
 * The U-Net's building block: conv3x3 (padding 1, no bias) → norm → ReLU → conv3x3 → norm → ReLU,
 * registered as {@code name.conv1.weight}, {@code name.norm1.*}, {@code name.conv2.weight},
 * {@code name.norm2.*}. The convolutions have no bias because the norm that follows removes it.
 */
final class DoubleConv {
  private static final Shape ONE = new Shape(1, 1);
  private static final Shape PAD1 = new Shape(1, 1);

  private final Parameter conv1;
  private final ChannelNorm norm1;
  private final Parameter conv2;
  private final ChannelNorm norm2;
  private final int in;
  private final int out;

  DoubleConv(NamedParams params, String name, String norm, int in, int out) {
    this.in = in;
    this.out = out;
    conv1 = convWeight(params, name + ".conv1.weight", out, in, 3);
    norm1 = new ChannelNorm(params, name + ".norm1", norm, out);
    conv2 = convWeight(params, name + ".conv2.weight", out, out, 3);
    norm2 = new ChannelNorm(params, name + ".norm2", norm, out);
  }

  /**
   * A conv weight {@code [out, in, k, k]}, Kaiming-normal for ReLU with PyTorch's fan-in
   * ({@code in·k·k}): N(0, 2/fanIn), as {@code kaiming_normal_(mode="fan_in", nonlinearity="relu")}.
   */
  static Parameter convWeight(NamedParams params, String name, int out, int in, int k) {
    int fanIn = in * k * k;
    float[] init = SeededInit.normal(params.stream(name), out * fanIn, Math.sqrt(2.0 / fanIn));
    return params.weight(name, new Shape(out, in, k, k), init, true);
  }

  /** A stride-1 convolution with padding {@code pad}; {@code bias} may be null. */
  static NDArray conv(NDArray x, Parameter weight, Parameter bias, Shape pad) {
    return Conv2d.conv2d(x, weight.getArray(), bias == null ? null : bias.getArray(), ONE, pad, ONE, 1)
        .singletonOrThrow();
  }

  /** {@code [N, in, H, W] -> [N, out, H, W]}. */
  NDArray forward(NDArray x, boolean training) {
    NDArray y = Activation.relu(norm1.forward(conv(x, conv1, null, PAD1), training)); // [N, out, H, W]
    return Activation.relu(norm2.forward(conv(y, conv2, null, PAD1), training)); // [N, out, H, W]
  }

  /** Forward FLOPs on an {@code h×w} map. */
  long flops(long h, long w) {
    return Flops.conv(h * w, in, out, 3) + Flops.conv(h * w, out, out, 3);
  }

  /** The first norm, for tests of the normalisation itself. */
  ChannelNorm norm1() {
    return norm1;
  }
}
