package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What {@link VisionTransformer#forwardFeatures} returns.
 *
 * @param output after the last block and the final norm
 * @param taps after each requested block, in the order requested, with the final norm applied (as
 *     DINO's {@code get_intermediate_layers})
 */
public record Features(TokenGrid output, List<TokenGrid> taps) {
  public Features {
    taps = List.copyOf(taps);
  }

  /** {@code [N, D]} after the final norm. */
  public NDArray cls() {
    return output.cls();
  }

  /** {@code [N, h, w, D]} after the final norm. */
  public NDArray patches() {
    return output.patches();
  }
}
