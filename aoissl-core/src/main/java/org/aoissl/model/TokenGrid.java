package org.aoissl.model;

import ai.djl.ndarray.NDArray;

/**
 * The CLS vector and the patch-token grid of a batch at one depth of the encoder.
 *
 * @param cls {@code [N, D]}
 * @param patches {@code [N, h, w, D]}, row {@code y} column {@code x} is the patch at pixels {@code
 *     [y·p, (y+1)·p) × [x·p, (x+1)·p)}
 */
public record TokenGrid(NDArray cls, NDArray patches) {
  public int gridH() {
    return (int) patches.getShape().get(1);
  }

  public int gridW() {
    return (int) patches.getShape().get(2);
  }
}
