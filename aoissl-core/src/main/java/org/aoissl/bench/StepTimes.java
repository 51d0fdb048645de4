package org.aoissl.bench;

/**
 * Mean seconds per training step spent in each phase. The phases are timed inside the same steps that
 * give the step rate; on CPU each op runs to completion before the next, so a phase's wall time is its
 * cost.
 *
 * @param forward encoder, decoder and loss, recording the autograd graph
 * @param backward gradients of the loss
 * @param optimizer global-norm clipping and the AdamW update (zeroing the gradients)
 * @param other input data, scope and manager bookkeeping
 */
public record StepTimes(double forward, double backward, double optimizer, double other) {
  public double total() {
    return forward + backward + optimizer + other;
  }

  /** A phase's share of the step, in [0, 1]. */
  public double share(double phase) {
    return phase / total();
  }
}
