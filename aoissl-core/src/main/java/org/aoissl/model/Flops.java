package org.aoissl.model;

/**
 * Matmul FLOPs (2 per multiply-add) of our layers, counted from the architecture for model-FLOPs
 * utilisation. Element-wise work (norms, softmax, GELU, adds) is left out, as is customary.
 */
public final class Flops {
  private Flops() {}

  /** A linear layer on {@code tokens} rows: {@code 2·tokens·in·out}. */
  public static long linear(long tokens, long in, long out) {
    return 2 * tokens * in * out;
  }

  /** A {@code k×k} convolution producing {@code pixels} output pixels: {@code 2·pixels·in·out·k²}. */
  public static long conv(long pixels, long in, long out, int k) {
    return 2 * pixels * in * out * k * k;
  }

  /**
   * One pre-norm block on {@code tokens} tokens: qkv ({@code 6TD²}), scores and weighted sum ({@code
   * 4T²D}), projection ({@code 2TD²}), MLP ({@code 4T·D·hidden}).
   */
  public static long block(long tokens, long dim, long hidden) {
    return linear(tokens, dim, 3 * dim)
        + 2 * 2 * tokens * tokens * dim
        + linear(tokens, dim, dim)
        + linear(tokens, dim, hidden)
        + linear(tokens, hidden, dim);
  }

  /** Forward FLOPs of the ViT on one image: patch embedding of every patch, blocks on CLS + all. */
  public static long vitForward(VitConfig c, long patches) {
    return linear(patches, c.patchDim(), c.dim())
        + c.depth() * block(patches + 1, c.dim(), c.mlpHidden());
  }
}
