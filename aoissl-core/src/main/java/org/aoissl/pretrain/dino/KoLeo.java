package org.aoissl.pretrain.dino;

import ai.djl.ndarray.NDArray;

/**
 * The KoLeo regulariser of DINOv2 (Sablayrolles et al., "Spreading vectors for similarity search"):
 * {@code −mean_i ln d_i}, where d_i is the distance from the L2-normalised vector i to its nearest
 * neighbour among the other images of the same view. It pushes the images of a batch apart. On AOI
 * images, which differ from each other less than two augmented views of one image do, DINO's loss
 * alone draws every image's CLS vector together until the teacher's targets are uniform; this keeps
 * them apart.
 */
public final class KoLeo {
  private static final float EPS = 1e-8f;

  private KoLeo() {}

  /**
   * The mean over views of the regulariser.
   *
   * @param cls {@code [V·N, D]}, view-major (view v of image i is row v·N + i)
   * @param views V
   */
  public static NDArray loss(NDArray cls, int views) {
    long n = cls.getShape().get(0) / views;
    if (n * views != cls.getShape().get(0) || n < 2) {
      throw new IllegalArgumentException("KoLeo needs at least 2 images in each of " + views + " views; got rows "
          + cls.getShape());
    }
    NDArray total = null;
    for (int v = 0; v < views; v++) {
      NDArray x = DinoHead.l2normalize(DinoLoss.rows(cls, v, n)); // [N, D]
      NDArray dots = x.matMul(x.transpose()); // [N, N]
      // The diagonal (a vector with itself) must never be the nearest: cosines are >= -1, so -2 is out of reach.
      NDArray eye = x.getManager().eye((int) n).toType(dots.getDataType(), false);
      NDArray nearest = dots.sub(eye.mul(3f)).max(new int[] {1}); // [N]
      // ‖a − b‖² = 2 − 2·a·b for unit vectors; EPS keeps the root's gradient finite for equal vectors.
      NDArray dist = nearest.mul(-2f).add(2f).maximum(0f).add(EPS).sqrt();
      NDArray term = dist.log().mean().neg();
      total = total == null ? term : total.add(term);
    }
    return total.div((float) views);
  }
}
