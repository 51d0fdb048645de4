package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/** A linear layer {@code y = x·Wᵀ + b} over the last axis; weight {@code [out, in]} as PyTorch's. */
public final class Dense {
  private final Parameter weight;
  private final Parameter bias;

  /** Registers {@code name.weight} (Xavier-uniform) and, when {@code withBias}, {@code name.bias}. */
  public Dense(NamedParams params, String name, int in, int out, boolean withBias) {
    weight = params.linearWeight(name + ".weight", out, in);
    bias = withBias ? params.bias(name + ".bias", out) : null;
  }

  /** {@code [..., in] -> [..., out]}, on {@code x}'s manager. */
  public NDArray forward(NDArray x) {
    return Linear.linear(x, weight.getArray(), bias == null ? null : bias.getArray())
        .singletonOrThrow();
  }
}
