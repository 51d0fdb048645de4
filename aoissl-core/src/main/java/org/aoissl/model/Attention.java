package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Multi-head self-attention with a fused qkv projection, as timm's {@code Attention}; the attention
 * itself runs in libtorch's fused kernel when reachable (see {@link Sdpa}).
 */
public final class Attention {
  private final Dense qkv;
  private final Dense proj;
  private final int dim;
  private final int heads;
  private volatile boolean fused = Sdpa.DEFAULT_FUSED;

  /** Registers {@code name.qkv.*} ({@code [3·dim, dim]}) and {@code name.proj.*}. */
  public Attention(NamedParams params, String name, int dim, int heads, boolean qkvBias) {
    if (dim % heads != 0) {
      throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
    }
    qkv = new Dense(params, name + ".qkv", dim, 3 * dim, qkvBias);
    proj = new Dense(params, name + ".proj", dim, dim, true);
    this.dim = dim;
    this.heads = heads;
  }

  /** {@code [N, L, D] -> [N, L, D]}. */
  public NDArray forward(NDArray x) {
    Shape s = x.getShape();
    long n = s.get(0);
    long l = s.get(1);
    // split, not three selects: the backward of a select writes its gradient into a zero array of
    // the whole qkv output, three times; split's backward is one concatenation.
    NDList parts = qkv.forward(x) // [N, L, 3D]
        .reshape(n, l, 3, heads, dim / heads)
        .split(3, 2);
    NDArray q = heads(parts.get(0));
    NDArray k = heads(parts.get(1));
    NDArray v = heads(parts.get(2));
    NDArray out = Sdpa.attend(q, k, v, fused) // [N, H, L, Dh]
        .transpose(0, 2, 1, 3)
        .reshape(n, l, dim); // [N, L, D]
    return proj.forward(out);
  }

  /** Libtorch's fused kernel (when reachable), or explicit ops that store the weights; the same function. */
  public void useFused(boolean on) {
    fused = on;
  }

  public boolean fused() {
    return fused && Sdpa.fused();
  }

  /** {@code [N, L, 1, H, Dh] -> [N, H, L, Dh]}, a view. */
  private static NDArray heads(NDArray part) {
    return part.squeeze(2).swapAxes(1, 2);
  }
}
