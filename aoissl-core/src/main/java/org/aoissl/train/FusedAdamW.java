package org.aoissl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.aoissl.model.TorchScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch's multi-tensor kernels for {@link AdamW}: {@code _foreach_norm} for the global gradient
 * norm and {@code _fused_adamw_}, which updates parameter and both moments in one pass per tensor
 * (the same arithmetic as {@code torch.optim.AdamW}). Element-wise DJL ops need about twenty passes
 * and as many temporaries per parameter; this is several times faster. Reached through a {@link
 * TorchScript} module that DJL runs with autograd off, as an optimizer step must.
 */
final class FusedAdamW {
  private static final Logger LOG = LoggerFactory.getLogger(FusedAdamW.class);

  /** Whether new optimizers use the fused kernels: yes, unless {@code -Daoissl.fusedAdamW=false}. */
  static final boolean DEFAULT = !"false".equals(System.getProperty("aoissl.fusedAdamW"));

  private FusedAdamW() {}

  private static final class Holder {
    static final PtSymbolBlock MODULE = load();
  }

  /** Whether the fused kernels can update these arrays. */
  static boolean usable(Collection<NDArray> params) {
    if (Holder.MODULE == null) {
      return false;
    }
    for (NDArray p : params) {
      if (!(p instanceof PtNDArray)) {
        return false;
      }
    }
    return !params.isEmpty();
  }

  /**
   * Scales the gradients in place so their global L2 norm is at most {@code maxNorm} (by {@code
   * maxNorm / (norm + 1e-6)}, when {@code maxNorm > 0} and the norm exceeds it); returns the norm.
   */
  static double clip(List<PtNDArray> grads, double maxNorm) {
    PtNDManager manager = grads.get(0).getManager();
    IValue list = IValue.listFrom(grads.toArray(new PtNDArray[0]));
    IValue limit = IValue.from(maxNorm);
    IValue result = IValueUtils.runMethod(Holder.MODULE, "clip", list, limit);
    try (NDArray norm = result.toTensor(manager)) {
      return norm.getFloat();
    } finally {
      result.close();
      list.close();
      limit.close();
    }
  }

  /**
   * One AdamW update of every parameter in place from its gradient, then zeroes the gradients.
   * {@code step} is a scalar float tensor holding the 1-based step (the kernel's bias correction).
   */
  static void update(List<PtNDArray> params, List<PtNDArray> grads, List<PtNDArray> m,
      List<PtNDArray> v, PtNDArray step, double lr, AdamW.Config c, double weightDecay) {
    PtNDArray[] steps = new PtNDArray[params.size()];
    java.util.Arrays.fill(steps, step);
    IValue[] args = {
      list(params), list(grads), list(m), list(v), IValue.listFrom(steps), IValue.from(lr),
      IValue.from(c.beta1()), IValue.from(c.beta2()), IValue.from(weightDecay), IValue.from(c.eps())
    };
    try {
      IValueUtils.runMethod(Holder.MODULE, "update", args).close();
    } finally {
      for (IValue a : args) {
        a.close();
      }
    }
  }

  private static IValue list(List<PtNDArray> arrays) {
    return IValue.listFrom(arrays.toArray(new PtNDArray[0]));
  }

  private static PtSymbolBlock load() {
    try {
      return TorchScript.load("FusedAdamW", String.join("\n",
          "  def clip(self: __torch__.FusedAdamW, grads: List[Tensor], max_norm: float) -> Tensor:",
          "    total = torch.linalg_vector_norm(torch.stack(torch._foreach_norm(grads, 2.)), 2.)",
          "    if max_norm > 0.:",
          "      coef = max_norm / (float(total) + 1e-6)",
          "      if coef < 1.:",
          "        torch._foreach_mul_(grads, coef)",
          "    return total",
          "  def update(self: __torch__.FusedAdamW, params: List[Tensor], grads: List[Tensor],",
          "      m: List[Tensor], v: List[Tensor], steps: List[Tensor], lr: float, beta1: float,",
          "      beta2: float, weight_decay: float, eps: float) -> Tensor:",
          "    torch._fused_adamw_(params, grads, m, v, [], steps, lr=lr, beta1=beta1,",
          "        beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False)",
          "    torch._foreach_zero_(grads)",
          "    return steps[0]",
          ""));
    } catch (RuntimeException | IOException | LinkageError e) {
      LOG.warn("fused AdamW kernels unavailable, using element-wise ops: {}", e.toString());
      return null;
    }
  }
}
