package org.aoissl.pretrain.ibot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import org.aoissl.pretrain.dino.DinoLoss;

/**
 * iBOT's loss ({@code main_ibot.py} {@code iBOTLoss}) as pure functions. The CLS part is DINO's (teacher
 * view q, student view v ≠ q). The patch part pairs each global view with itself: per image, {@code
 * Σ_l mask_l · CE(softmax((t_l − c2)/τ_t2), log_softmax(s_l/τ_s)) / max(Σ_l mask_l, 1)}, averaged over
 * the images (an unmasked image adds 0) and over the two global views, as the reference does. The total
 * is {@code λ1 · cls + λ2 · patch}.
 */
public final class IbotLoss {
  /** The loss and its parts, each a scalar. */
  public record Parts(NDArray loss, NDArray cls, NDArray patch) {}

  private IbotLoss() {}

  /** {@code softmax((t − c2)/τ_t2)} for patch logits {@code [G·N, L, K]} and a centre {@code [1, K]}. */
  public static NDArray teacherPatchProbs(NDArray teacherPatchLogits, NDArray center2, double temp) {
    return teacherPatchLogits.sub(center2).div((float) temp).softmax(-1);
  }

  /**
   * The patch part.
   *
   * @param studentPatchLogits {@code [G·N, L, K]}
   * @param teacherPatchProbs {@code [G·N, L, K]}
   * @param masks {@code [G·N, L]}, 1 where the student's token was masked
   */
  public static NDArray patchLoss(NDArray studentPatchLogits, NDArray teacherPatchProbs, NDArray masks,
      double studentTemp) {
    long rows = teacherPatchProbs.getShape().get(0);
    long n = rows / DinoLoss.GLOBAL_VIEWS;
    NDArray logp = studentPatchLogits.div((float) studentTemp).logSoftmax(-1);
    NDArray ce = teacherPatchProbs.mul(logp).sum(new int[] {-1}).neg(); // [G·N, L]
    NDArray perImage = ce.mul(masks).sum(new int[] {-1}).div(masks.sum(new int[] {-1}).maximum(1f)); // [G·N]
    NDArray total = null;
    for (int q = 0; q < DinoLoss.GLOBAL_VIEWS; q++) {
      NDArray term = perImage.get(new NDIndex("{}:{}", q * n, (q + 1) * n)).mean();
      total = total == null ? term : total.add(term);
    }
    return total.div(DinoLoss.GLOBAL_VIEWS);
  }

  /**
   * Both parts.
   *
   * @param studentCls {@code [V·N, K]}
   * @param teacherClsProbs {@code [G·N, K]} ({@link DinoLoss#teacherProbs})
   */
  public static Parts loss(NDArray studentCls, NDArray teacherClsProbs, NDArray studentPatch,
      NDArray teacherPatchProbs, NDArray masks, double studentTemp, int views, double lambda1, double lambda2) {
    NDArray cls = DinoLoss.loss(studentCls, teacherClsProbs, studentTemp, views);
    NDArray patch = patchLoss(studentPatch, teacherPatchProbs, masks, studentTemp);
    return new Parts(cls.mul((float) lambda1).add(patch.mul((float) lambda2)), cls, patch);
  }
}
