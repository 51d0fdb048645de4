package org.aoissl.pretrain.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.aoissl.model.Flops;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;

/**
 * The two networks of self-distillation, student and teacher, each a ViT with a {@link DinoHead}, in
 * one parameter set. The <em>teacher</em> backbone has the plain encoder names ({@code cls_token},
 * {@code blocks.0...}), so {@code PretrainCheckpoint.loadEncoder} and the retrieval pipeline load it
 * from a DINO or iBOT checkpoint as from an MAE one (the teacher is the network the references
 * evaluate); its head is {@code dino_head.*}. The student is the same under {@code student.*}. Teacher
 * parameters are frozen (no gradient): it changes only by {@link #updateTeacher}, an in-place EMA of
 * the student, and starts as a copy of it.
 */
public final class StudentTeacher implements AutoCloseable {
  public static final String STUDENT = "student.";
  public static final String HEAD = "dino_head.";

  /** A teacher parameter and the student parameter it follows. */
  private record Pair(NDArray teacher, NDArray student) {}

  private final NamedParams params;
  private final NamedParams studentScope;
  private final VisionTransformer student;
  private final VisionTransformer teacher;
  private final DinoHead studentHead;
  private final DinoHead teacherHead;
  private final List<Pair> pairs = new ArrayList<>();
  private final Set<String> lastLayers = new LinkedHashSet<>();

  /**
   * @param studentPatchLayer whether the student's head has its own last layer for patch tokens
   *     (iBOT, not shared); the teacher's never has
   */
  public StudentTeacher(VitConfig vit, DinoConfig c, boolean studentPatchLayer, NDManager manager, long seed) {
    params = new NamedParams(manager.newSubManager(), seed);
    studentScope = params.scoped(STUDENT, true);
    student = new VisionTransformer(vit, studentScope);
    studentHead = new DinoHead(studentScope.scoped(HEAD, true), vit.dim(), c, studentPatchLayer);
    NamedParams teacherScope = params.scoped("", false);
    int before = params.names().size();
    teacher = new VisionTransformer(vit, teacherScope);
    teacherHead = new DinoHead(teacherScope.scoped(HEAD, false), vit.dim(), c, false);
    List<String> names = params.names();
    for (String name : names.subList(before, names.size())) {
      NamedParams.Entry s = params.entry(STUDENT + name);
      NDArray t = params.entry(name).array();
      s.array().copyTo(t); // the teacher starts as the student
      if (s.trainable()) {
        pairs.add(new Pair(t, s.array()));
      }
    }
    for (NamedParams.Entry e : params.trainable()) {
      if (e.name().contains("last_layer")) {
        lastLayers.add(e.name());
      }
    }
  }

  /** Every parameter: student, teacher, heads (and whatever the objective adds). */
  public NamedParams params() {
    return params;
  }

  /** Where an objective registers further student parameters (iBOT's mask token). */
  public NamedParams studentScope() {
    return studentScope;
  }

  public VisionTransformer student() {
    return student;
  }

  public VisionTransformer teacher() {
    return teacher;
  }

  public DinoHead studentHead() {
    return studentHead;
  }

  public DinoHead teacherHead() {
    return teacherHead;
  }

  /** The student's last layers, which DINO keeps fixed during the first epoch(s). */
  public Set<String> lastLayerNames() {
    return lastLayers;
  }

  /**
   * {@code teacher ← m·teacher + (1 − m)·student} in place for every teacher parameter that has a
   * trainable student counterpart (iBOT's student-only {@code last_layer2} and mask token have none).
   */
  public void updateTeacher(double momentum) {
    try (NDScope ignored = new NDScope()) {
      for (Pair p : pairs) {
        p.teacher().muli((float) momentum).addi(p.student().stopGradient().mul((float) (1 - momentum)));
      }
    }
  }

  /** The student's CLS tokens of views of one size concatenated: {@code [V·N, D]}. */
  public NDArray studentCls(List<NDArray> views) {
    NDArray imgs = views.size() == 1 ? views.get(0) : NDArrays.concat(new NDList(views), 0);
    return student.forwardFeatures(imgs).cls();
  }

  /** Forward FLOPs of one ViT on one square view of side {@code size}. */
  public static long vitFlops(VitConfig vit, int size) {
    long g = size / vit.patchSize();
    return Flops.vitForward(vit, g * g);
  }

  /** Forward FLOPs of the head on one token. */
  public static long headFlops(int dim, DinoConfig c) {
    return Flops.linear(1, dim, c.hiddenDim()) + Flops.linear(1, c.hiddenDim(), c.hiddenDim())
        + Flops.linear(1, c.hiddenDim(), c.bottleneckDim()) + Flops.linear(1, c.bottleneckDim(), c.outDim());
  }

  @Override
  public void close() {
    params.close();
  }
}
