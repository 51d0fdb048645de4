package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Multi-head self-attention with a fused qkv projection, as timm's {@code Attention}. */
public final class Attention {
  private final Dense qkv;
  private final Dense proj;
  private final int dim;
  private final int heads;
  private final float scale;

  /** Registers {@code name.qkv.*} ({@code [3·dim, dim]}) and {@code name.proj.*}. */
  public Attention(NamedParams params, String name, int dim, int heads, boolean qkvBias) {
    if (dim % heads != 0) {
      throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
    }
    qkv = new Dense(params, name + ".qkv", dim, 3 * dim, qkvBias);
    proj = new Dense(params, name + ".proj", dim, dim, true);
    this.dim = dim;
    this.heads = heads;
    this.scale = (float) (1.0 / Math.sqrt(dim / heads));
  }

  /** {@code [N, L, D] -> [N, L, D]}. */
  public NDArray forward(NDArray x) {
    Shape s = x.getShape();
    long n = s.get(0);
    long l = s.get(1);
    NDArray fused = qkv.forward(x) // [N, L, 3D]
        .reshape(n, l, 3, heads, dim / heads)
        .transpose(2, 0, 3, 1, 4); // [3, N, H, L, Dh], a view
    // Scaling q costs L·Dh per head, scaling the scores L·L.
    NDArray q = fused.get(0).mul(scale);
    NDArray k = fused.get(1);
    NDArray v = fused.get(2);
    NDArray attn = q.matMul(k.swapAxes(2, 3)).softmax(3); // [N, H, L, L]
    NDArray out = attn.matMul(v) // [N, H, L, Dh]
        .transpose(0, 2, 1, 3)
        .reshape(n, l, dim); // [N, L, D]
    return proj.forward(out);
  }
}
