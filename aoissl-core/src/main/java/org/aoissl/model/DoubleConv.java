package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;

/**
 * The U-Net's building block: conv3x3 (padding 1, no bias) → norm → ReLU → conv3x3 → norm → ReLU,
 * registered as {@code name.conv1.weight}, {@code name.norm1.*}, {@code name.conv2.weight},
 * {@code name.norm2.*}. The convolutions have no bias because the norm that follows removes it.
 */
final class DoubleConv {
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
   * A conv weight {@code [out, in, k, k]} as PyTorch initialises {@code nn.Conv2d}: U(±1/√fanIn) with
   * {@code fanIn = in·k·k} ({@code kaiming_uniform_(a=√5)}). It is what a textbook U-Net gets, and it
   * trains much faster here than Kaiming-normal for ReLU, which starts every weight √6 times larger:
   * under BatchNorm the scale of a weight does not change the output, so Adam's fixed-size steps move
   * large weights proportionally less.
   */
  static Parameter convWeight(NamedParams params, String name, int out, int in, int k) {
    int fanIn = in * k * k;
    float[] init = SeededInit.uniform(params.stream(name), out * fanIn, 1.0 / Math.sqrt(fanIn));
    return params.weight(name, new Shape(out, in, k, k), init, true);
  }

  /** A conv bias as PyTorch initialises it: U(±1/√fanIn). */
  static Parameter convBias(NamedParams params, String name, int out, int fanIn) {
    return params.bias(name, SeededInit.uniform(params.stream(name), out, 1.0 / Math.sqrt(fanIn)));
  }

  /** A stride-1 convolution with padding {@code pad}; {@code bias} may be null. */
  static NDArray conv(NDArray x, Parameter weight, Parameter bias, Shape pad) {
    return Conv.conv2d(x, weight.getArray(), bias == null ? null : bias.getArray(), 1, pad);
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
