package org.aoissl.pretrain.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.aoissl.model.NamedParams;

/**
 * A centre of teacher outputs {@code c [1, K]} (DINO's {@code center}, iBOT's {@code center2}): a
 * saved, non-trainable parameter updated after each step by {@code c ← m·c + (1 − m)·mean(t)}, where
 * the mean is over every teacher output row of the step (all forward passes of a gradient-accumulation
 * step together; the references update per forward pass, which is the same without accumulation).
 * Between updates the rows are summed on a long-lived array, so no step-scoped array is kept.
 */
public final class Centering implements AutoCloseable {
  private final Parameter center;
  private final double momentum;
  private final NDArray sum;
  private long rows;

  /** Registers {@code name} ({@code [1, K]} zeros, as the references) into {@code params}. */
  public Centering(NamedParams params, String name, int k, double momentum) {
    this.center = params.fixed(name, new Shape(1, k), new float[k]);
    this.momentum = momentum;
    NDManager m = params.manager();
    this.sum = m.zeros(new Shape(1, k));
    NDScope.unregister(sum);
  }

  /** The centre {@code [1, K]} (a parameter: do not close it). */
  public NDArray center() {
    return center.getArray();
  }

  /** Adds the rows of teacher outputs {@code [..., K]} to this step's mean. */
  public void accumulate(NDArray teacherLogits) {
    Shape s = teacherLogits.getShape();
    long k = s.get(s.dimension() - 1);
    NDArray flat = teacherLogits.reshape(-1, k);
    sum.addi(flat.sum(new int[] {0}, true));
    rows += flat.getShape().get(0);
  }

  /** Forgets what was accumulated (a step that is started again, a trial pass). */
  public void reset() {
    sum.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
    rows = 0;
  }

  /** Applies the EMA with this step's mean and starts the next step; nothing when no rows came. */
  public void update() {
    if (rows == 0) {
      return;
    }
    NDArray c = center.getArray();
    c.muli((float) momentum).addi(sum.div((float) rows).muli((float) (1 - momentum)));
    reset();
  }

  @Override
  public void close() {
    sum.close();
  }
}
