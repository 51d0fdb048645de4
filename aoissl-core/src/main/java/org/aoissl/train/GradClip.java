package org.aoissl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Map;

/**
 * Gradient clipping of each parameter on its own, as DINO's and iBOT's {@code utils.clip_gradients}:
 * every gradient whose L2 norm exceeds the limit is scaled by {@code limit / (norm + 1e-6)}. (MAE
 * clips the global norm instead; {@link AdamW} does that.) The scale factors stay tensors, so the
 * whole pass costs one host synchronisation, for the global norm that is logged.
 */
public final class GradClip {
  private GradClip() {}

  /**
   * Clips every gradient in place.
   *
   * @param maxNorm per-parameter limit; {@code <= 0} to only measure
   * @return the global gradient norm before clipping (not finite when a gradient is not)
   */
  public static double perParameter(Map<String, NDArray> params, double maxNorm) {
    try (NDScope ignored = new NDScope()) {
      NDArray total = null;
      for (NDArray p : params.values()) {
        NDArray g = p.getGradient();
        NDArray sq = g.square().sum();
        total = total == null ? sq.duplicate() : total.addi(sq);
        if (maxNorm > 0) {
          NDArray coef = sq.sqrt().add(1e-6f).pow(-1).mul((float) maxNorm).minimum(1f);
          g.muli(coef);
        }
      }
      return total == null ? 0 : Math.sqrt(total.toType(DataType.FLOAT64, false).getDouble());
    }
  }
}
