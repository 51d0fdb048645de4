package org.aoissl.train;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.aoissl.model.NamedParams;

/**
 * The parameters an optimizer updates, by name in creation order, and those exempt from weight decay
 * (biases, norms, tokens, position embeddings), as {@link AdamW#step} takes them.
 */
public record Trainable(Map<String, NDArray> arrays, Set<String> noDecay) {
  public Trainable {
    arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    noDecay = Set.copyOf(noDecay);
  }

  /** Every trainable parameter of {@code params}. */
  public static Trainable of(NamedParams params) {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    Set<String> noDecay = new HashSet<>();
    for (NamedParams.Entry e : params.trainable()) {
      arrays.put(e.name(), e.array());
      if (!e.decay()) {
        noDecay.add(e.name());
      }
    }
    return new Trainable(arrays, noDecay);
  }
}
