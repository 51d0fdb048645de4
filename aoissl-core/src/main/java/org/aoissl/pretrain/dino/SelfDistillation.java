package org.aoissl.pretrain.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.Objective;
import org.aoissl.pretrain.PretrainData;
import org.aoissl.pretrain.StepInfo;
import org.aoissl.train.AdamW;

/**
 * What DINO and iBOT share as {@link Objective}s: a student and an EMA teacher with DINO heads, multi-crop
 * views from the data layer, AdamW with PyTorch's default betas (0.9, 0.999) as the references, gradients
 * clipped per parameter, the weight-decay cosine schedule, and the head's last layer frozen for the first
 * epochs. The teacher is the encoder that pre-training produces.
 */
public abstract class SelfDistillation implements Objective {
  protected final DinoConfig dino;
  protected final VitConfig vit;
  protected final StudentTeacher nets;
  protected StepInfo info = new StepInfo(0, 1, 0, false);

  /** @param separatePatchHead whether the student's patch tokens get their own last layer (iBOT) */
  protected SelfDistillation(VitConfig vit, DinoConfig dino, boolean separatePatchHead, NDManager manager,
      long seed) {
    dino.requireFits(vit);
    this.dino = dino;
    this.vit = vit;
    this.nets = new StudentTeacher(vit, dino, separatePatchHead, manager, seed);
  }

  public StudentTeacher networks() {
    return nets;
  }

  @Override
  public NamedParams params() {
    return nets.params();
  }

  /** Self-distillation needs its multi-crop views: see {@link #loss(List, RandomGenerator)}. */
  @Override
  public NDArray loss(NDArray images, RandomGenerator rng) {
    throw new UnsupportedOperationException(method() + " trains on multi-crop views; call loss(views, rng)");
  }

  @Override
  public VisionTransformer encoder() {
    return nets.teacher();
  }

  @Override
  public List<PretrainData.View> views() {
    return MultiCrop.views(dino, vit.imageSize());
  }

  @Override
  public AdamW.Config optimizer(double weightDecay) {
    return new AdamW.Config(0.9, 0.999, 1e-8, weightDecay);
  }

  @Override
  public boolean clipsPerParameter() {
    return true;
  }

  @Override
  public double weightDecay(StepInfo step, double configured) {
    return DinoSchedules.weightDecay(dino, configured, step.step(), step.totalSteps());
  }

  @Override
  public Set<String> frozen(StepInfo step) {
    return step.epochIndex() < dino.freezeLastLayerEpochs() ? nets.lastLayerNames() : Set.of();
  }

  /**
   * {@code loss + w·KoLeo} over the student's CLS vectors of the two global views {@code [2N, D]},
   * view-major, as DINOv2; the loss itself when the weight is 0.
   */
  protected NDArray withKoLeo(NDArray loss, NDArray globalCls) {
    if (dino.koleoWeight() == 0) {
      return loss;
    }
    return loss.add(KoLeo.loss(globalCls, 2).mul((float) dino.koleoWeight()));
  }

  /** The two global views as one batch {@code [2N, C, S, S]}, as the teacher and iBOT's student see them. */
  protected static NDArray globals(List<NDArray> views) {
    return NDArrays.concat(new NDList(views.get(0), views.get(1)), 0);
  }

  protected void checkViews(List<NDArray> views) {
    if (views.size() != dino.views()) {
      throw new IllegalArgumentException("expected " + dino.views() + " views; got " + views.size());
    }
  }
}
