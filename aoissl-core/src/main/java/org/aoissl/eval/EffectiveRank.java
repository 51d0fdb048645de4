package org.aoissl.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.aoissl.model.TorchScript;

/**
 * RankMe (Garrido et al., ICML 2023): the effective rank of an embedding matrix, a label-free sign of
 * dimensional collapse in self-supervised features. With σ the singular values of {@code Z [N, D]} and
 * {@code p_k = σ_k / Σσ + 1e-7}, {@code RankMe = exp(−Σ p_k log p_k)}: 1 for a rank-1 matrix, {@code
 * min(N, D)} when all singular values are equal.
 *
 * <p>DJL 0.36 has no SVD; libtorch's {@code linalg.svdvals} is reached through a one-line {@link
 * TorchScript} module and run in float64 so that small singular values are not lost to rounding.
 */
public final class EffectiveRank {
  private static final double EPS = 1e-7;

  private EffectiveRank() {}

  private static final class Holder {
    static final PtSymbolBlock MODULE = load();
  }

  /** RankMe of the row-major {@code n×d} matrix {@code z}; 0 for an all-zero matrix (no rank at all). */
  public static double rankMe(float[] z, int n, int d) {
    return rankMe(singularValues(z, n, d));
  }

  /** RankMe from singular values; 0 when they are all zero. */
  public static double rankMe(double[] singularValues) {
    double total = 0;
    for (double s : singularValues) {
      if (!(s >= 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("singular values must be finite and >= 0; got " + s);
      }
      total += s;
    }
    if (total == 0) {
      return 0;
    }
    double entropy = 0;
    for (double s : singularValues) {
      double p = s / total + EPS;
      entropy -= p * Math.log(p);
    }
    return Math.exp(entropy);
  }

  /** The {@code min(n, d)} singular values of the row-major {@code n×d} matrix, largest first. */
  public static double[] singularValues(float[] z, int n, int d) {
    if (n < 1 || d < 1 || z.length != (long) n * d) {
      throw new IllegalArgumentException(
          "matrix of " + z.length + " values does not match " + n + "x" + d);
    }
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray x = m.create(z, new Shape(n, d)); // [N, D]
      NDList out = IValueUtils.forward(Holder.MODULE, new NDList(x), false);
      return out.singletonOrThrow().toDoubleArray(); // [min(N, D)], float64
    }
  }

  private static PtSymbolBlock load() {
    try {
      // Serialized TorchScript names ops flat (linalg_svdvals) and dtypes by number (7 = float64).
      return TorchScript.load("SvdVals", String.join("\n",
          "  def forward(self: __torch__.SvdVals, z: Tensor) -> Tensor:",
          "    return torch.linalg_svdvals(torch.to(z, 7))",
          ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
