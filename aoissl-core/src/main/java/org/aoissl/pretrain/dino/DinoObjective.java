package org.aoissl.pretrain.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.aoissl.model.Features;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.Objective;
import org.aoissl.pretrain.PretrainData;
import org.aoissl.pretrain.StepInfo;
import org.aoissl.train.AdamW;

/**
 * DINO as a pre-training {@link Objective}, after {@code facebookresearch/dino} {@code main_dino.py}:
 * the teacher sees the two global views ({@link #prepare}, outside the gradient collector), the student
 * every view, and the loss is {@link DinoLoss} with the teacher's outputs centred by {@link Centering}
 * and sharpened by the warmed-up τ_t. After each update the teacher follows the student by EMA with the
 * cosine momentum schedule; the weight decay follows its cosine schedule; the head's last layer is not
 * updated in the first epoch; gradients are clipped per parameter; AdamW betas are PyTorch's defaults
 * (0.9, 0.999) as in the reference.
 *
 * <p>Multi-crop views come from the data layer ({@link MultiCrop} through {@link PretrainData}), seeded
 * per image position like MAE's crops, so a resumed run is exact. Not carried over: stochastic depth
 * (our ViT has none), learnable position embeddings (ours are fixed sin-cos) and weight decay on the CLS
 * token (our parameter groups exempt tokens as MAE does).
 */
public final class DinoObjective extends SelfDistillation {
  private final Centering centering;
  private NDArray teacherProbs;
  private final Map<String, Double> diagnostics = new LinkedHashMap<>();

  public DinoObjective(VitConfig vit, DinoConfig config, NDManager manager, long seed) {
    super(vit, config, false, manager, seed);
    this.centering = new Centering(nets.params(), "loss.center", dino.outDim(), dino.centerMomentum());
  }

  public DinoConfig config() {
    return dino;
  }

  public Centering centering() {
    return centering;
  }

  @Override
  public String method() {
    return "dino";
  }

  @Override
  public long flopsPerImage() {
    long global = StudentTeacher.vitFlops(vit, vit.imageSize());
    long local = StudentTeacher.vitFlops(vit, dino.localSize());
    long head = StudentTeacher.headFlops(vit.dim(), dino);
    long student = 2 * global + dino.localCrops() * local + dino.views() * head;
    long teacher = 2 * global + 2 * head;
    return 3 * student + teacher;
  }

  @Override
  public void beginStep(StepInfo step) {
    info = step;
    centering.reset();
    diagnostics.clear();
  }

  /** The teacher on the global views: its centred, sharpened distributions for the loss. */
  @Override
  public void prepare(List<NDArray> views, RandomGenerator rng) {
    checkViews(views);
    NDArray globals = globals(views); // [2N, C, S, S]
    Features f = nets.teacher().forwardFeatures(globals);
    NDArray logits = nets.teacherHead().forward(f.cls()); // [2N, K]
    teacherProbs = DinoLoss.teacherProbs(logits, centering.center(), teacherTemp());
    centering.accumulate(logits);
    if (info.diagnose() && diagnostics.isEmpty()) {
      diagnostics.putAll(CollapseGuard.teacher(teacherProbs));
      diagnostics.put("rankMe", CollapseGuard.rankMe(f.patches()));
      diagnostics.put("teacherLogitSpread", CollapseGuard.logitSpread(logits, teacherTemp()));
      diagnostics.put("teacherClsCosine", CollapseGuard.meanCosine(f.cls()));
    }
  }

  @Override
  public NDArray loss(List<NDArray> views, RandomGenerator rng) {
    checkViews(views);
    if (teacherProbs == null) {
      throw new IllegalStateException("prepare(views) must run before loss(views)");
    }
    NDArray cls = nets.studentCls(views.subList(0, 2)); // [2N, D]
    NDArray globalCls = cls;
    if (views.size() > 2) {
      cls = NDArrays.concat(new NDList(cls, nets.studentCls(views.subList(2, views.size()))), 0); // [V·N, D]
    }
    NDArray logits = nets.studentHead().forward(cls); // [V·N, K]
    NDArray loss = DinoLoss.loss(logits, teacherProbs, dino.studentTemp(), views.size());
    loss = withKoLeo(loss, globalCls);
    teacherProbs = null;
    return loss;
  }

  @Override
  public Map<String, Double> afterStep(StepInfo step) {
    double m = DinoSchedules.momentum(dino, step.step(), step.totalSteps());
    nets.updateTeacher(m);
    centering.update();
    if (diagnostics.isEmpty()) {
      return Map.of();
    }
    Map<String, Double> out = new LinkedHashMap<>(diagnostics);
    out.put("momentum", m);
    out.put("teacherTemp", teacherTemp());
    String warning = CollapseGuard.warning(out);
    out.put("collapsed", warning == null ? 0.0 : 1.0);
    return out;
  }

  private double teacherTemp() {
    return DinoSchedules.teacherTemp(dino, info.epochIndex());
  }

  @Override
  public void close() {
    centering.close();
    nets.close();
  }
}
