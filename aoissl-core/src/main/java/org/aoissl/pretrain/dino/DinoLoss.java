package org.aoissl.pretrain.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * DINO's loss ({@code main_dino.py} {@code DINOLoss}) as pure functions. Rows are view-major: view
 * {@code v} of image {@code i} is row {@code v·N + i}; the teacher sees the {@value #GLOBAL_VIEWS}
 * global views, the student those and the local ones. For each teacher view q and student view v ≠ q
 * the term is {@code mean_i Σ_k −softmax((t − c)/τ_t)_k · log_softmax(s/τ_s)_k}; the loss is the mean
 * of the terms. The centre c is not changed here (see {@link Centering}).
 */
public final class DinoLoss {
  /** Views the teacher sees. */
  public static final int GLOBAL_VIEWS = 2;

  private DinoLoss() {}

  /** Centred, sharpened teacher distributions {@code softmax((t − c)/τ_t)}: {@code [G·N, K]}. */
  public static NDArray teacherProbs(NDArray teacherLogits, NDArray center, double teacherTemp) {
    return teacherLogits.sub(center).div((float) teacherTemp).softmax(-1);
  }

  /**
   * The loss.
   *
   * @param studentLogits {@code [V·N, K]}
   * @param teacherProbs {@code [G·N, K]} from {@link #teacherProbs}
   * @param views V (global views first)
   */
  public static NDArray loss(NDArray studentLogits, NDArray teacherProbs, double studentTemp, int views) {
    long n = teacherProbs.getShape().get(0) / GLOBAL_VIEWS;
    if (n * GLOBAL_VIEWS != teacherProbs.getShape().get(0) || studentLogits.getShape().get(0) != n * views) {
      throw new IllegalArgumentException("teacher rows " + teacherProbs.getShape() + " and student rows "
          + studentLogits.getShape() + " do not hold " + GLOBAL_VIEWS + " and " + views + " views of one batch");
    }
    NDArray logp = studentLogits.div((float) studentTemp).logSoftmax(-1); // [V·N, K]
    NDArray total = null;
    int terms = 0;
    for (int q = 0; q < GLOBAL_VIEWS; q++) {
      NDArray tq = rows(teacherProbs, q, n);
      for (int v = 0; v < views; v++) {
        if (v == q) {
          continue; // the student never predicts the view the teacher saw
        }
        NDArray term = tq.mul(rows(logp, v, n)).sum(new int[] {-1}).neg().mean();
        total = total == null ? term : total.add(term);
        terms++;
      }
    }
    return total.div(terms);
  }

  /** Rows of view {@code v}: {@code [N, ...]}. */
  static NDArray rows(NDArray x, int v, long n) {
    return x.get(new NDIndex("{}:{}", v * n, (v + 1) * n));
  }
}
