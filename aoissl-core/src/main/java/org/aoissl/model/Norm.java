package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;

/**
 * LayerNorm over the last axis only ({@code torch.nn.LayerNorm(dim)}); DJL's LayerNorm block would
 * normalise over tokens too unless told otherwise.
 */
public final class Norm {
  private final Parameter weight;
  private final Parameter bias;
  private final Shape normalized;
  private final float eps;

  /** Registers {@code name.weight} (ones) and {@code name.bias} (zeros). */
  public Norm(NamedParams params, String name, int dim, double eps) {
    weight = params.normWeight(name + ".weight", dim);
    bias = params.normBias(name + ".bias", dim);
    normalized = new Shape(dim);
    this.eps = (float) eps;
  }

  /** {@code [..., dim] -> [..., dim]}, on {@code x}'s manager. */
  public NDArray forward(NDArray x) {
    return LayerNorm.layerNorm(x, normalized, weight.getArray(), bias.getArray(), eps)
        .singletonOrThrow();
  }
}
