package org.aoissl.pretrain.ibot;

import org.aoissl.pretrain.dino.DinoConfig;

/**
 * iBOT's masked-image-modelling settings, after {@code bytedance/ibot} {@code main_ibot.py} and its
 * ViT-S recipe (the CLS loss, heads and schedules are DINO's: {@link
 * org.aoissl.pretrain.dino.DinoConfig}).
 *
 * @param sharedHead whether the student's patch tokens use the CLS last layer (false: a separate
 *     {@code last_layer2}; the teacher always shares, as the reference's default)
 * @param warmupTeacherPatchTemp patch τ_t at epoch 0 (ours 0.01; iBOT 0.04)
 * @param teacherPatchTemp patch τ_t after the warm-up (ours 0.01; iBOT 0.07)
 * @param predRatio mean fraction of patches masked in a masked view (0.3)
 * @param predRatioVar the fraction is uniform in {@code predRatio ± predRatioVar} (0.2)
 * @param maskProbability chance that a global view is masked at all (0.5: the recipe's ratios "0 0.3")
 * @param minAspect blocks have aspect ratios log-uniform in {@code [minAspect, 1/minAspect]} (0.3)
 * @param lambda1 weight of the CLS loss (1)
 * @param lambda2 weight of the patch loss (1)
 * @param centerMomentum2 EMA momentum of the patch centre (0.9)
 */
public record IbotConfig(
    boolean sharedHead, double warmupTeacherPatchTemp, double teacherPatchTemp, double predRatio,
    double predRatioVar, double maskProbability, double minAspect, double lambda1, double lambda2,
    double centerMomentum2) {

  public IbotConfig {
    check(warmupTeacherPatchTemp > 0 && teacherPatchTemp > 0, "patch teacher temperatures must be > 0; got "
        + warmupTeacherPatchTemp + ", " + teacherPatchTemp);
    check(predRatio > 0 && predRatio < 1, "predRatio must be in (0, 1); got " + predRatio);
    check(predRatioVar >= 0 && predRatioVar <= predRatio && predRatio + predRatioVar < 1,
        "predRatioVar must be in [0, predRatio] with predRatio + predRatioVar < 1; got " + predRatioVar);
    check(maskProbability > 0 && maskProbability <= 1, "maskProbability must be in (0, 1]; got " + maskProbability);
    check(minAspect > 0 && minAspect <= 1, "minAspect must be in (0, 1]; got " + minAspect);
    check(lambda1 >= 0 && lambda2 >= 0 && lambda1 + lambda2 > 0, "loss weights must be >= 0, not both 0; got "
        + lambda1 + ", " + lambda2);
    check(centerMomentum2 >= 0 && centerMomentum2 < 1, "centerMomentum2 must be in [0, 1); got " + centerMomentum2);
  }

  /** iBOT's defaults, except the patch temperatures: {@link DinoConfig#TEACHER_TEMP} throughout, for the same reason. */
  public static IbotConfig defaults() {
    return new IbotConfig(false, DinoConfig.TEACHER_TEMP, DinoConfig.TEACHER_TEMP, 0.3, 0.2, 0.5, 0.3, 1, 1, 0.9);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
