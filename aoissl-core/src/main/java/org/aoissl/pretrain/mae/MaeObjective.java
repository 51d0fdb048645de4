package org.aoissl.pretrain.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VisionTransformer;
import org.aoissl.pretrain.Objective;

/** MAE as a pre-training {@link Objective}: reconstruct the removed patches. */
public final class MaeObjective implements Objective {
  private final MaeModel model;

  public MaeObjective(MaeConfig config, NDManager manager, long seed) {
    this.model = MaeModel.create(config, manager, seed);
  }

  public MaeModel model() {
    return model;
  }

  @Override
  public String method() {
    return "mae";
  }

  @Override
  public NamedParams params() {
    return model.params();
  }

  @Override
  public NDArray loss(NDArray images, RandomGenerator rng) {
    return model.forward(images, rng).loss();
  }

  @Override
  public VisionTransformer encoder() {
    return model.encoder();
  }

  @Override
  public long flopsPerImage() {
    return model.flopsPerImage();
  }

  @Override
  public void close() {
    model.close();
  }
}
