package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** fc1 → exact (erf) GELU → fc2, as timm's {@code Mlp}. */
public final class Mlp {
  private final Dense fc1;
  private final Dense fc2;

  /** Registers {@code name.fc1.*} ({@code [hidden, dim]}) and {@code name.fc2.*}. */
  public Mlp(NamedParams params, String name, int dim, int hidden) {
    fc1 = new Dense(params, name + ".fc1", dim, hidden, true);
    fc2 = new Dense(params, name + ".fc2", hidden, dim, true);
  }

  /** {@code [..., D] -> [..., D]}. */
  public NDArray forward(NDArray x) {
    return fc2.forward(Activation.gelu(fc1.forward(x)));
  }
}
