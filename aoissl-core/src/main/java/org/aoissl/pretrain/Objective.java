package org.aoissl.pretrain;

import ai.djl.ndarray.NDArray;
import java.util.random.RandomGenerator;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VisionTransformer;

/**
 * A self-supervised objective that {@link PretrainLoop} trains: MAE now, DINO and iBOT later. The loop
 * owns data, optimizer, schedule, checkpoints and logging; an objective owns its networks and its loss.
 */
public interface Objective extends AutoCloseable {
  /** Method name as the CLI spells it ("mae"). */
  String method();

  /** Every parameter by stable name, with trainable and weight-decay flags; saved in checkpoints. */
  NamedParams params();

  /**
   * The loss of one batch {@code [N, C, H, W]} of normalised images; called inside the loop's gradient
   * collector and a step scope that closes every array it makes.
   */
  NDArray loss(NDArray images, RandomGenerator rng);

  /** The encoder that pre-training produces, for retrieval and fine-tuning. */
  VisionTransformer encoder();

  /** Model FLOPs of one training step per image (forward + backward), for utilisation figures. */
  long flopsPerImage();

  @Override
  void close();
}
