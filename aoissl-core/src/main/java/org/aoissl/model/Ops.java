package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Small helpers for running a forward pass on the caller's manager. */
public final class Ops {
  private Ops() {}

  /**
   * Moves an array derived from a parameter (a view, a reshape, a broadcast) onto the caller's
   * manager. The PyTorch engine attaches an op's result to its first operand's manager, which for a
   * parameter is the model's long-lived manager: without this, every step would leak such arrays
   * there. Never pass a parameter's own array.
   */
  public static NDArray adopt(NDArray derived, NDManager manager) {
    if (derived.getManager() != manager) {
      derived.attach(manager);
    }
    return derived;
  }
}
