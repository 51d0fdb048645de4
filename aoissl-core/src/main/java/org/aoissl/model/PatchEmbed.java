package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * Patch embedding: a {@code p×p} stride-{@code p} convolution, computed as a linear layer over each
 * patch flattened in {@code (c, y, x)} order. The weight keeps the conv shape {@code [D, C, p, p]}
 * (timm's {@code patch_embed.proj.weight}) and is initialised Xavier-uniform as the matrix {@code
 * [D, C·p·p]}, as MAE does.
 */
public final class PatchEmbed {
  private final Parameter weight;
  private final Parameter bias;
  private final int patch;
  private final int channels;
  private final int dim;

  public PatchEmbed(NamedParams params, String name, int channels, int patch, int dim) {
    int fanIn = channels * patch * patch;
    weight = params.matrixWeight(
        name + ".weight", new Shape(dim, channels, patch, patch), dim, fanIn);
    bias = params.bias(name + ".bias", dim);
    this.patch = patch;
    this.channels = channels;
    this.dim = dim;
  }

  /** {@code [N, C, H, W] -> [N, (H/p)·(W/p), D]}, patches in row-major grid order. */
  public NDArray forward(NDArray imgs) {
    Shape s = imgs.getShape();
    long n = s.get(0);
    long h = s.get(2) / patch;
    long w = s.get(3) / patch;
    NDArray patches = imgs.reshape(n, channels, h, patch, w, patch)
        .transpose(0, 2, 4, 1, 3, 5) // [N, h, w, C, p, p]
        .reshape(n, h * w, (long) channels * patch * patch);
    NDArray w2d = Ops.adopt(weight.getArray().reshape(dim, -1), imgs.getManager());
    return Linear.linear(patches, w2d, bias.getArray()).singletonOrThrow();
  }
}
