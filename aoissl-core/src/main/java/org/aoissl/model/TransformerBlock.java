package org.aoissl.model;

import ai.djl.ndarray.NDArray;

/** A pre-norm transformer block: {@code x + attn(norm1(x))}, then {@code x + mlp(norm2(x))}. */
public final class TransformerBlock {
  private final Norm norm1;
  private final Attention attn;
  private final Norm norm2;
  private final Mlp mlp;

  /**
   * Registers {@code name.norm1.*}, {@code name.attn.*}, {@code name.norm2.*}, {@code name.mlp.*}.
   */
  public TransformerBlock(
      NamedParams params, String name, int dim, int heads, int mlpHidden, boolean qkvBias,
      double eps) {
    norm1 = new Norm(params, name + ".norm1", dim, eps);
    attn = new Attention(params, name + ".attn", dim, heads, qkvBias);
    norm2 = new Norm(params, name + ".norm2", dim, eps);
    mlp = new Mlp(params, name + ".mlp", dim, mlpHidden);
  }

  public Attention attention() {
    return attn;
  }

  /** {@code [N, L, D] -> [N, L, D]}. */
  public NDArray forward(NDArray x) {
    NDArray y = x.add(attn.forward(norm1.forward(x)));
    return y.add(mlp.forward(norm2.forward(y)));
  }
}
