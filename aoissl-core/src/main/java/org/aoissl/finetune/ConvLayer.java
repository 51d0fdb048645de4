package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.aoissl.model.Conv;
import org.aoissl.model.NamedParams;
import org.aoissl.model.SeededInit;

/**
 * A square 2-D convolution with bias ({@code name.weight [out, in, k, k]}, {@code name.bias [out]}),
 * "same" padding and a stride, initialised from the parameter's {@link SeededInit} stream with
 * PyTorch's conv fans (channels times kernel area): Xavier-uniform for layers without a ReLU after
 * them, Kaiming-uniform on the fan-in for layers followed by one.
 */
final class ConvLayer {
  private final Parameter weight;
  private final Parameter bias;
  private final int in;
  private final int out;
  private final int kernel;
  private final int stride;

  private ConvLayer(NamedParams params, String name, int in, int out, int kernel, int stride, double bound) {
    float[] init = SeededInit.uniform(params.stream(name + ".weight"), out * in * kernel * kernel, bound);
    this.weight = params.weight(name + ".weight", new Shape(out, in, kernel, kernel), init, true);
    this.bias = params.bias(name + ".bias", out);
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
  }

  /** Xavier-uniform: {@code U(±sqrt(6 / (in·k² + out·k²)))}, as {@code torch.nn.init.xavier_uniform_}. */
  static ConvLayer xavier(NamedParams params, String name, int in, int out, int kernel) {
    double bound = Math.sqrt(6.0 / (in * kernel * kernel + out * kernel * kernel));
    return new ConvLayer(params, name, in, out, kernel, 1, bound);
  }

  /**
   * Kaiming-uniform on the fan-in for a ReLU after the layer: {@code U(±sqrt(6 / (in·k²)))}, as {@code
   * torch.nn.init.kaiming_uniform_(w, nonlinearity="relu")}.
   */
  static ConvLayer kaiming(NamedParams params, String name, int in, int out, int kernel, int stride) {
    return new ConvLayer(params, name, in, out, kernel, stride, Math.sqrt(6.0 / (in * kernel * kernel)));
  }

  int outChannels() {
    return out;
  }

  /** {@code [N, in, H, W] -> [N, out, ceil(H / stride), ceil(W / stride)]} for odd kernels. */
  NDArray forward(NDArray x) {
    return Conv.conv2d(x, weight.getArray(), bias.getArray(), stride, new Shape(kernel / 2, kernel / 2));
  }

  /** Multiply-adds times two of one forward pass producing an {@code outH × outW} map. */
  long flops(long outH, long outW) {
    return 2L * outH * outW * kernel * kernel * in * out;
  }
}
