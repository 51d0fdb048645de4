package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import org.aoissl.model.Dense;
import org.aoissl.model.Interpolate;
import org.aoissl.model.NamedParams;
import org.aoissl.model.TokenGrid;

/**
 * The linear probe: one linear layer maps each patch token to {@code K} logits, which are resized
 * bilinearly to the image. With a frozen encoder it measures what the features alone separate.
 */
public final class LinearHead implements SegHead {
  private final Dense linear;
  private final int dim;
  private final int patch;
  private final int numClasses;

  LinearHead(NamedParams params, int dim, int patch, int numClasses) {
    this.linear = new Dense(params, "linear", dim, numClasses, true);
    this.dim = dim;
    this.patch = patch;
    this.numClasses = numClasses;
  }

  @Override
  public String kind() {
    return "linear";
  }

  @Override
  public NDArray forward(TokenGrid grid, NDArray images) {
    int height = (int) images.getShape().get(2);
    int width = (int) images.getShape().get(3);
    NDArray logits = linear.forward(grid.patches()); // [N, h, w, K]
    return Interpolate.bilinear(logits.transpose(0, 3, 1, 2), height, width); // [N, K, H, W]
  }

  @Override
  public long flops(int height, int width) {
    return 2L * (height / patch) * (width / patch) * dim * numClasses;
  }
}
