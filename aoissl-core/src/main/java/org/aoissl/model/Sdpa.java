package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scaled dot-product attention {@code softmax(q·kᵀ/√Dh)·v} over {@code [N, H, L, Dh]} arrays.
 *
 * <p>DJL 0.36 exposes no {@code scaled_dot_product_attention}, but the libtorch it ships has it, with
 * a fused CPU kernel (flash attention: the {@code L×L} weights are never stored, and backward
 * recomputes them blockwise). We reach it through a one-line {@link TorchScript} module. DJL runs the
 * module with autograd on when asked to train, so gradients flow to q, k and v. If the module cannot
 * be loaded, the same function is computed with explicit matmul and softmax ops. Which one a model
 * uses is its own setting ({@link Attention#useFused}); {@code -Daoissl.sdpa=false} only changes the
 * default of new models, as an escape hatch.
 */
public final class Sdpa {
  private static final Logger LOG = LoggerFactory.getLogger(Sdpa.class);

  /** Whether new models use the fused kernel: yes, unless {@code -Daoissl.sdpa=false}. */
  public static final boolean DEFAULT_FUSED = !"false".equals(System.getProperty("aoissl.sdpa"));

  private Sdpa() {}

  /** The fused module, loaded on first use; null when unavailable. */
  private static final class Holder {
    static final PtSymbolBlock MODULE = load();
  }

  /**
   * {@code softmax(q·kᵀ/√Dh)·v}: {@code [N, H, L, Dh]} each (views are fine if the last axis is
   * contiguous) to {@code [N, H, L, Dh]}, on {@code q}'s manager. Records gradients when grad mode
   * is on. The fused kernel's result may be a strided view laid out as {@code [N, L, H, Dh]}.
   */
  public static NDArray attend(NDArray q, NDArray k, NDArray v) {
    return attend(q, k, v, true);
  }

  /** {@link #attend} with the fused kernel, or with explicit ops when {@code fused} is false. */
  public static NDArray attend(NDArray q, NDArray k, NDArray v, boolean fused) {
    // DJL groups named inputs into lists and dicts; ours are positional.
    boolean unnamed = q.getName() == null && k.getName() == null && v.getName() == null;
    if (fused && unnamed && q instanceof PtNDArray && Holder.MODULE != null) {
      return IValueUtils.forward(Holder.MODULE, new NDList(q, k, v), JniUtils.isGradMode())
          .singletonOrThrow();
    }
    return explicit(q, k, v);
  }

  /** The same function with separate ops (stores the {@code [N, H, L, L]} weights for backward). */
  public static NDArray explicit(NDArray q, NDArray k, NDArray v) {
    float scale = (float) (1.0 / Math.sqrt(q.getShape().get(3)));
    // Scaling q costs L·Dh per head, scaling the scores L·L.
    return q.mul(scale).matMul(k.swapAxes(2, 3)).softmax(3).matMul(v);
  }

  /** Whether libtorch's fused kernel is reachable (else {@link #attend} always uses explicit ops). */
  public static boolean fused() {
    return Holder.MODULE != null;
  }

  private static PtSymbolBlock load() {
    try {
      return TorchScript.load("Sdpa", String.join("\n",
          "  def forward(self: __torch__.Sdpa, q: Tensor, k: Tensor, v: Tensor) -> Tensor:",
          "    return torch.scaled_dot_product_attention(q, k, v)",
          ""));
    } catch (RuntimeException | IOException | LinkageError e) {
      LOG.warn("fused scaled_dot_product_attention unavailable, using explicit ops: {}", e.toString());
      return null;
    }
  }
}
