package org.aoissl.pretrain.dino;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aoissl.eval.EffectiveRank;

/**
 * The collapse guard of self-distillation. DINO collapses in two ways (its paper, §5.3): every teacher
 * distribution becomes uniform, or one output dominates for every image. Both leave the teacher's
 * targets carrying no information about the image: the entropy of the batch-mean distribution minus
 * the mean per-image entropy (the mutual information between image and target) goes to 0. Dimensional
 * collapse of the features shows as a low effective rank (RankMe) of the teacher's patch tokens.
 *
 * <p>Logged values: {@code teacherEntropy} (mean per-image entropy, nats), {@code
 * teacherMarginalEntropy}, {@code teacherInformation} (their difference over its largest possible
 * value {@code ln min(K, rows)}, in [0, 1]), {@code rankMe}, and two that say why the targets are
 * uniform when they are: {@code teacherLogitSpread} (see {@link #logitSpread}) and {@code
 * teacherClsCosine}, the mean cosine between the backbone's CLS vectors of different views. Collapse is declared when the
 * information falls below {@value #MIN_INFORMATION} or the rank below {@value #MIN_RANK}.
 */
public final class CollapseGuard {
  public static final double MIN_INFORMATION = 0.05;
  public static final double MIN_RANK = 2.0;
  private static final int MAX_RANK_ROWS = 4096;

  private CollapseGuard() {}

  /** Entropy diagnostics of teacher distributions {@code [R, K]}. */
  public static Map<String, Double> teacher(NDArray probs) {
    int r = (int) probs.getShape().get(0);
    int k = (int) probs.getShape().get(1);
    float[] p = probs.toFloatArray();
    double meanEntropy = 0;
    double[] marginal = new double[k];
    for (int i = 0; i < r; i++) {
      double h = 0;
      for (int j = 0; j < k; j++) {
        double v = p[i * k + j];
        if (v > 0) {
          h -= v * Math.log(v);
        }
        marginal[j] += v / r;
      }
      meanEntropy += h / r;
    }
    double marginalEntropy = 0;
    for (double v : marginal) {
      if (v > 0) {
        marginalEntropy -= v * Math.log(v);
      }
    }
    double ceiling = Math.log(Math.min(k, r));
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("teacherEntropy", meanEntropy);
    out.put("teacherMarginalEntropy", marginalEntropy);
    out.put("teacherInformation", ceiling > 0 ? Math.max(0, marginalEntropy - meanEntropy) / ceiling : 0);
    return out;
  }

  /**
   * How much the teacher's outputs differ between images, in units of its temperature: the standard
   * deviation across rows of {@code logits / τ_t}, averaged over outputs. Centring removes what all
   * images share, so when this is far below 1 every image gets nearly the same (uniform) target
   * whatever the centre: the head's input carries too little of the image for the sharpening to act on.
   */
  public static double logitSpread(NDArray logits, double temp) {
    NDArray z = logits.div((float) temp); // [R, K]
    NDArray dev = z.sub(z.mean(new int[] {0}, true));
    return dev.square().mean(new int[] {0}).sqrt().mean().getFloat();
  }

  /** Mean cosine similarity between different rows of {@code [R, D]} (1 when every row points the same way). */
  public static double meanCosine(NDArray x) {
    long r = x.getShape().get(0);
    if (r < 2) {
      return Double.NaN;
    }
    NDArray u = DinoHead.l2normalize(x); // [R, D]
    double all = u.sum(new int[] {0}).square().sum().getFloat(); // Σ_ij cos_ij, diagonal included
    return (all - r) / (r * (r - 1));
  }

  /** RankMe of patch features {@code [..., D]} (at most {@value #MAX_RANK_ROWS} rows, evenly spread). */
  public static double rankMe(NDArray patches) {
    long d = patches.getShape().get(patches.getShape().dimension() - 1);
    float[] all = patches.toFloatArray();
    int rows = (int) (all.length / d);
    int stride = Math.max(1, (rows + MAX_RANK_ROWS - 1) / MAX_RANK_ROWS);
    int kept = (rows + stride - 1) / stride;
    float[] z = new float[(int) (kept * d)];
    for (int i = 0; i < kept; i++) {
      System.arraycopy(all, (int) (i * stride * d), z, (int) (i * d), (int) d);
    }
    return EffectiveRank.rankMe(z, kept, (int) d);
  }

  /** A one-line warning when the diagnostics show a collapse, else null. */
  public static String warning(Map<String, Double> d) {
    Double info = d.get("teacherInformation");
    Double rank = d.get("rankMe");
    boolean collapsed = (info != null && info < MIN_INFORMATION) || (rank != null && rank < MIN_RANK);
    if (!collapsed) {
      return null;
    }
    String message = String.format("collapse suspected: teacher information %.3f (entropy %.2f, marginal %.2f "
        + "nats), patch-feature rank %.1f", info == null ? Double.NaN : info,
        d.getOrDefault("teacherEntropy", Double.NaN), d.getOrDefault("teacherMarginalEntropy", Double.NaN),
        rank == null ? Double.NaN : rank);
    Double spread = d.get("teacherLogitSpread");
    if (spread != null && spread < 1) {
      // The measured cause on AOI images: they differ too little for the sharpening to give each its own target.
      Double temp = d.get("teacherTemp");
      message += String.format("; the teacher's outputs differ little between images (spread %.2f of its temperature): "
          + "a lower --teacher-temp (e.g. %s) keeps the targets apart", spread,
          temp == null ? "half the current one" : String.format("%.3g", temp / 2));
    }
    return message;
  }
}
