package org.aoissl.pretrain.ibot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.aoissl.model.Features;
import org.aoissl.model.Ops;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.Objective;
import org.aoissl.pretrain.StepInfo;
import org.aoissl.pretrain.dino.Centering;
import org.aoissl.pretrain.dino.CollapseGuard;
import org.aoissl.pretrain.dino.DinoConfig;
import org.aoissl.pretrain.dino.DinoLoss;
import org.aoissl.pretrain.dino.DinoSchedules;
import org.aoissl.pretrain.dino.SelfDistillation;
import org.aoissl.pretrain.dino.StudentTeacher;
import org.aoissl.train.AdamW;

/**
 * iBOT as a pre-training {@link Objective}, after {@code bytedance/ibot} {@code main_ibot.py}: DINO's
 * CLS self-distillation across views plus masked image modelling on the global views. The student sees
 * each global view with block-masked patch tokens ({@link BlockMasking}; the patch embedding of a masked
 * patch is replaced by the learnable {@code student.masked_embed} before the position embedding is
 * added); the teacher sees them unmasked ({@link #prepare}, outside the gradient collector) and its patch
 * outputs, centred by their own centre {@code loss.center2} and sharpened by the patch temperature
 * schedule, are the targets of the student's masked tokens ({@link IbotLoss}). Teacher EMA, centres,
 * schedules, last-layer freezing, per-parameter clipping and AdamW are DINO's.
 *
 * <p>Multi-crop views come from the data layer as DINO's; the masks are drawn from the seeded generator
 * the loop passes to {@link #loss(List, RandomGenerator)}, so a resumed run is exact. As in the
 * reference's defaults the teacher's head is shared (its patch logits use {@code last_layer}); the
 * student's has its own {@code last_layer2} unless {@code sharedHead}. Local views go through the head
 * by their CLS token only (the reference computes and discards their patch outputs).
 */
public final class IbotObjective extends SelfDistillation {
  private final IbotConfig ibot;
  private final Parameter maskedEmbed;
  private final Centering centering;
  private final Centering centering2;
  private NDArray teacherClsProbs;
  private NDArray teacherPatchProbs;
  private final Map<String, Double> diagnostics = new LinkedHashMap<>();
  private double lastClsLoss = Double.NaN;
  private double lastPatchLoss = Double.NaN;

  public IbotObjective(VitConfig vit, DinoConfig dino, IbotConfig ibot, NDManager manager, long seed) {
    super(vit, dino, !ibot.sharedHead(), manager, seed);
    this.ibot = ibot;
    this.maskedEmbed = nets.studentScope().token("masked_embed", vit.dim(), 0); // zeros, as the reference
    this.centering = new Centering(nets.params(), "loss.center", dino.outDim(), dino.centerMomentum());
    this.centering2 = new Centering(nets.params(), "loss.center2", dino.outDim(), ibot.centerMomentum2());
  }

  @Override
  public String method() {
    return "ibot";
  }

  @Override
  public long flopsPerImage() {
    long global = StudentTeacher.vitFlops(vit, vit.imageSize());
    long local = StudentTeacher.vitFlops(vit, dino.localSize());
    long head = StudentTeacher.headFlops(vit.dim(), dino);
    long globalHead = (1 + (long) vit.numPatches()) * head; // every token of a global view
    long student = 2 * global + 2 * globalHead + dino.localCrops() * (local + head);
    long teacher = 2 * global + 2 * globalHead;
    return 3 * student + teacher;
  }

  @Override
  public void beginStep(StepInfo step) {
    info = step;
    centering.reset();
    centering2.reset();
    diagnostics.clear();
  }

  /** Teacher on the unmasked global views: CLS and patch distributions. */
  @Override
  public void prepare(List<NDArray> views, RandomGenerator rng) {
    checkViews(views);
    NDArray globals = globals(views); // [2N, C, S, S]
    Features f = nets.teacher().forwardFeatures(globals);
    NDArray b = nets.teacherHead().bottleneck(tokens(f)); // [2N, 1+L, B]
    NDArray cls = nets.teacherHead().clsLogits(b.get(":, 0, :")); // [2N, K]
    NDArray patch = nets.teacherHead().clsLogits(b.get(":, 1:, :")); // [2N, L, K], shared last layer
    int epoch = info.epochIndex();
    teacherClsProbs = DinoLoss.teacherProbs(cls, centering.center(), DinoSchedules.teacherTemp(dino, epoch));
    teacherPatchProbs = IbotLoss.teacherPatchProbs(patch, centering2.center(), patchTemp(epoch));
    centering.accumulate(cls);
    centering2.accumulate(patch);
    if (info.diagnose() && diagnostics.isEmpty()) {
      diagnostics.putAll(CollapseGuard.teacher(teacherClsProbs));
      diagnostics.put("rankMe", CollapseGuard.rankMe(f.patches()));
      diagnostics.put("teacherLogitSpread", CollapseGuard.logitSpread(cls, DinoSchedules.teacherTemp(dino, epoch)));
      diagnostics.put("teacherClsCosine", CollapseGuard.meanCosine(f.cls()));
    }
  }

  @Override
  public NDArray loss(List<NDArray> views, RandomGenerator rng) {
    checkViews(views);
    if (teacherClsProbs == null) {
      throw new IllegalStateException("prepare(views) must run before loss(views)");
    }
    NDArray globals = globals(views); // [2N, C, S, S]
    int[] grid = nets.student().grid(globals);
    NDArray masks = drawMasks(rng, (int) globals.getShape().get(0), grid[0], grid[1], globals.getManager());
    NDArray tokens = maskedForward(globals, masks, grid); // [2N, 1+L, D]
    NDArray b = nets.studentHead().bottleneck(tokens);
    NDArray cls = nets.studentHead().clsLogits(b.get(":, 0, :")); // [2N, K]
    NDArray patch = nets.studentHead().patchLogits(b.get(":, 1:, :")); // [2N, L, K]
    if (views.size() > 2) {
      NDArray localCls = nets.studentHead().forward(nets.studentCls(views.subList(2, views.size())));
      cls = NDArrays.concat(new NDList(cls, localCls), 0); // [V·N, K]
    }
    IbotLoss.Parts parts = IbotLoss.loss(cls, teacherClsProbs, patch, teacherPatchProbs, masks,
        dino.studentTemp(), views.size(), ibot.lambda1(), ibot.lambda2());
    if (info.diagnose()) {
      lastClsLoss = parts.cls().getFloat();
      lastPatchLoss = parts.patch().getFloat();
    }
    teacherClsProbs = null;
    teacherPatchProbs = null;
    return withKoLeo(parts.loss(), tokens.get(":, 0, :"));
  }

  /** Block masks of the global views: {@code [2N, L]} floats, 1 = masked. */
  NDArray drawMasks(RandomGenerator rng, int rows, int gridH, int gridW, NDManager manager) {
    int l = gridH * gridW;
    float[] m = new float[rows * l];
    for (int r = 0; r < rows; r++) {
      double ratio = BlockMasking.drawRatio(rng, ibot);
      if (ratio > 0) {
        boolean[] mask = BlockMasking.mask(rng, gridH, gridW, ratio, ibot.minAspect());
        for (int i = 0; i < l; i++) {
          m[r * l + i] = mask[i] ? 1f : 0f;
        }
      }
    }
    return manager.create(m, new Shape(rows, l));
  }

  /**
   * The student on views whose masked patch tokens are replaced by the mask token: {@code [N, 1+L, D]}
   * after the final norm. Replacing the embedding before adding positions equals replacing the
   * embedded token by {@code masked_embed + pos}.
   */
  NDArray maskedForward(NDArray imgs, NDArray masks, int[] grid) {
    VisionTransformer s = nets.student();
    NDManager m = imgs.getManager();
    NDArray pos = s.posEmbed(grid[0], grid[1], m); // [1, 1+L, D]
    NDArray x = s.embedPatches(imgs, pos); // [N, L, D]
    NDArray w = masks.expandDims(2); // [N, L, 1]
    NDArray token = Ops.adopt(maskedEmbed.getArray().add(pos.get(":, 1:, :")), m); // [1, L, D]
    x = x.mul(w.neg().add(1f)).add(token.mul(w));
    NDArray cls = s.clsTokens(imgs.getShape().get(0), pos);
    NDArray t = NDArrays.concat(new NDList(cls, x), 1);
    return s.applyNorm(s.forwardBlocks(t, 0, vit.depth()));
  }

  @Override
  public Map<String, Double> afterStep(StepInfo step) {
    double m = DinoSchedules.momentum(dino, step.step(), step.totalSteps());
    nets.updateTeacher(m);
    centering.update();
    centering2.update();
    if (diagnostics.isEmpty()) {
      return Map.of();
    }
    Map<String, Double> out = new LinkedHashMap<>(diagnostics);
    out.put("clsLoss", lastClsLoss);
    out.put("patchLoss", lastPatchLoss);
    out.put("momentum", m);
    out.put("teacherTemp", DinoSchedules.teacherTemp(dino, info.epochIndex()));
    out.put("teacherPatchTemp", patchTemp(info.epochIndex()));
    out.put("collapsed", CollapseGuard.warning(out) == null ? 0.0 : 1.0);
    return out;
  }

  private double patchTemp(int epoch) {
    return DinoSchedules.warmup(ibot.warmupTeacherPatchTemp(), ibot.teacherPatchTemp(), dino.warmupTeacherEpochs(),
        epoch);
  }

  /** CLS then patch tokens: {@code [N, 1+L, D]}. */
  private static NDArray tokens(Features f) {
    NDArray cls = f.cls();
    NDArray p = f.patches();
    Shape s = p.getShape();
    NDArray flat = p.reshape(s.get(0), s.get(1) * s.get(2), s.get(3));
    return NDArrays.concat(new NDList(cls.expandDims(1), flat), 1);
  }

  @Override
  public void close() {
    centering.close();
    centering2.close();
    nets.close();
  }
}
