package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The multi-label segmentation loss: per-class binary cross-entropy on logits, averaged over the
 * pixels that are not ignored, plus {@code diceWeight} times a soft Dice loss (per class over the
 * batch, smoothed by 1, averaged over classes). A wire crossing epoxy is both; ignored pixels count in
 * neither term.
 */
public final class SegLoss {
  private SegLoss() {}

  /**
   * @param logits {@code [N, K, H, W]}
   * @param targets {@code [N, K, H, W]} of 0/1
   * @param valid {@code [N, 1, H, W]}: 1 where labeled, 0 where ignored
   * @return the scalar loss, on {@code logits}' manager
   */
  public static NDArray loss(NDArray logits, NDArray targets, NDArray valid, double diceWeight) {
    NDArray bce = bce(logits, targets, valid);
    return diceWeight > 0 ? bce.add(dice(logits, targets, valid).mul((float) diceWeight)) : bce;
  }

  /** Mean over labeled pixels and classes of {@code max(x, 0) − x·y + log(1 + e^−|x|)} (stable BCE). */
  public static NDArray bce(NDArray logits, NDArray targets, NDArray valid) {
    long k = logits.getShape().get(1);
    NDArray perPixel = Activation.relu(logits).sub(logits.mul(targets))
        .add(logits.abs().neg().exp().add(1f).log()); // [N, K, H, W]
    float count = Math.max(1f, valid.sum().getFloat() * k);
    return perPixel.mul(valid).sum().div(count);
  }

  /** {@code 1 − mean_k (2·Σ p·y + 1) / (Σ p + Σ y + 1)} with sums over labeled pixels of the batch. */
  public static NDArray dice(NDArray logits, NDArray targets, NDArray valid) {
    NDArray p = Activation.sigmoid(logits).mul(valid); // [N, K, H, W]
    NDArray y = targets.mul(valid);
    int[] axes = {0, 2, 3};
    NDArray inter = p.mul(y).sum(axes); // [K]
    NDArray denom = p.sum(axes).add(y.sum(axes)).add(1f);
    return inter.mul(2f).add(1f).div(denom).mean().neg().add(1f);
  }
}
