package org.aoissl.pretrain;
import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VisionTransformer;
import org.aoissl.train.AdamW;

/**
 * A self-supervised objective that {@link PretrainLoop} trains: MAE, DINO, iBOT. The loop owns data,
 * optimizer, schedule, checkpoints and logging; an objective owns its networks and its loss.
 *
 * <p>Per optimizer step the loop calls {@link #beginStep}, then for each forward pass {@link
 * #prepare} (outside the gradient collector: a teacher's forward) and {@link #loss(List,
 * RandomGenerator)} (inside it), then updates the trainable parameters not {@link #frozen} and calls
 * {@link #afterStep} (a teacher's EMA, centres). Every hook has a default that leaves MAE as it was.
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

  /** The views the data layer makes of every image, in order (MAE: one crop at the image size). */
  default List<PretrainData.View> views() {
    return List.of(PretrainData.View.mae(encoder().config().imageSize()));
  }

  /** AdamW hyper-parameters (MAE: betas 0.9, 0.95). */
  default AdamW.Config optimizer(double weightDecay) {
    return new AdamW.Config(0.9, 0.95, 1e-8, weightDecay);
  }

  /** Clip each parameter's gradient to the limit (DINO) rather than the global norm (MAE). */
  default boolean clipsPerParameter() {
    return false;
  }

  /** Called before the step's first forward pass. */
  default void beginStep(StepInfo info) {}

  /** The weight decay of this step ({@code configured} is the run's setting). */
  default double weightDecay(StepInfo info, double configured) {
    return configured;
  }

  /** Trainable parameters left unchanged by this step (their gradients are discarded). */
  default Set<String> frozen(StepInfo info) {
    return Set.of();
  }

  /**
   * Work on one forward pass's views that must run without recording gradients, before {@link
   * #loss(List, RandomGenerator)} is called with the same views and generator.
   *
   * @param views one batch {@code [N, C, s, s]} per {@link #views()} entry
   */
  default void prepare(List<NDArray> views, RandomGenerator rng) {}

  /** The loss of one forward pass's views; MAE uses the first view only. */
  default NDArray loss(List<NDArray> views, RandomGenerator rng) {
    return loss(views.get(0), rng);
  }

  /**
   * Called after the optimizer update, inside the step's scope.
   *
   * @return values to log with the step (collapse diagnostics when {@link StepInfo#diagnose()}), or empty
   */
  default Map<String, Double> afterStep(StepInfo info) {
    return Map.of();
  }

  @Override
  void close();
}
