package org.aoissl.finetune;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Layer-wise learning-rate decay as MAE's fine-tuning ({@code util/lr_decay.py}): with {@code L =
 * depth + 1} layers, parameter layer ids are 0 for the embeddings ({@code cls_token}, {@code pos_embed},
 * {@code patch_embed.*}), {@code i + 1} for {@code blocks.i.*} and {@code L} for everything after the
 * blocks (final norm, head); a parameter of layer {@code id} learns at {@code decay^(L - id)} times the
 * base rate. The head so learns at the full rate, the patch embedding at {@code decay^(depth+1)}.
 */
public final class LayerDecay {
  private LayerDecay() {}

  /** The layer id of a parameter name (encoder names as timm's; an optional {@code prefix} is removed). */
  public static int layerId(String name, String prefix, int depth) {
    String n = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    if (!name.startsWith(prefix)) {
      return depth + 1; // not an encoder parameter: the head
    }
    if (n.equals("cls_token") || n.equals("pos_embed") || n.equals("mask_token") || n.startsWith("patch_embed.")) {
      return 0;
    }
    if (n.startsWith("blocks.")) {
      int dot = n.indexOf('.', 7);
      return Integer.parseInt(n.substring(7, dot < 0 ? n.length() : dot)) + 1;
    }
    return depth + 1;
  }

  /**
   * Learning-rate multipliers of the given parameter names.
   *
   * @param encoderPrefix the prefix of encoder parameters ("" when they carry plain timm names)
   * @param decay the per-layer factor, in (0, 1]; 1 turns the decay off
   */
  public static Map<String, Double> scales(Collection<String> names, String encoderPrefix, int depth, double decay) {
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("layer decay must be in (0, 1]; got " + decay);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, Math.pow(decay, depth + 1 - layerId(name, encoderPrefix, depth)));
    }
    return out;
  }
}
