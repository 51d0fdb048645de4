package org.aoissl.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aoissl.io.BadInputException;

/**
 * How published ViT weights name the tensors of our encoder ({@link VisionTransformer}'s timm names):
 * timm's own names, or those of Hugging Face's {@code ViTModel}, whose attention has separate query,
 * key and value projections where ours has one fused {@code qkv}. Names here are without any prefix
 * ({@code vit.}, {@code module.}); {@link VitImport} finds and strips it.
 */
public enum VitNaming {
  TIMM("timm", "patch_embed.proj.weight", "blocks\\.(\\d+)\\.", 1e-6,
      List.of("head.", "head_dist.", "fc_norm.", "pre_logits.", "attn_pool.")),
  HUGGING_FACE("Hugging Face ViTModel", "embeddings.patch_embeddings.projection.weight",
      "encoder\\.layer\\.(\\d+)\\.", 1e-12, List.of("pooler.", "classifier."));

  private final String label;
  private final String patchWeight;
  private final Pattern block;
  private final double layerNormEps;
  private final List<String> headPrefixes;

  VitNaming(String label, String patchWeight, String block, double layerNormEps, List<String> headPrefixes) {
    this.label = label;
    this.patchWeight = patchWeight;
    this.block = Pattern.compile("^" + block);
    this.layerNormEps = layerNormEps;
    this.headPrefixes = headPrefixes;
  }

  /** A name for people: "timm", "Hugging Face ViTModel". */
  public String label() {
    return label;
  }

  /** The patch-embedding weight, whose presence identifies the naming (and its prefix). */
  public String patchWeight() {
    return patchWeight;
  }

  /**
   * The LayerNorm epsilon models of this origin use: timm's ViTs 1e-6, Hugging Face's {@code ViTConfig}
   * default 1e-12.
   */
  public double layerNormEps() {
    return layerNormEps;
  }

  /** The block index of a name inside a transformer block, or -1. */
  public int blockIndex(String name) {
    Matcher m = block.matcher(name);
    if (!m.find()) {
      return -1;
    }
    try {
      return Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether a tensor belongs to a classification or pooling head, which the encoder does not use. */
  public boolean isHead(String name) {
    for (String p : headPrefixes) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The source tensors of one of our parameters, in concatenation order along the first axis: one
   * name, or for Hugging Face's fused {@code qkv} the query, key and value projections.
   */
  public List<String> sources(String ours) {
    if (this == TIMM) {
      return List.of(ours);
    }
    String[] p = ours.split("\\.");
    if (p[0].equals("blocks")) {
      String layer = "encoder.layer." + p[1] + ".";
      String leaf = p[p.length - 1]; // weight or bias
      String module = String.join(".", List.of(p).subList(2, p.length - 1));
      return switch (module) {
        case "norm1" -> List.of(layer + "layernorm_before." + leaf);
        case "norm2" -> List.of(layer + "layernorm_after." + leaf);
        case "attn.qkv" -> List.of(layer + "attention.attention.query." + leaf,
            layer + "attention.attention.key." + leaf, layer + "attention.attention.value." + leaf);
        case "attn.proj" -> List.of(layer + "attention.output.dense." + leaf);
        case "mlp.fc1" -> List.of(layer + "intermediate.dense." + leaf);
        case "mlp.fc2" -> List.of(layer + "output.dense." + leaf);
        default -> throw new IllegalArgumentException("no Hugging Face name for " + ours);
      };
    }
    return switch (ours) {
      case "cls_token" -> List.of("embeddings.cls_token");
      case "pos_embed" -> List.of("embeddings.position_embeddings");
      case "patch_embed.proj.weight" -> List.of("embeddings.patch_embeddings.projection.weight");
      case "patch_embed.proj.bias" -> List.of("embeddings.patch_embeddings.projection.bias");
      case "norm.weight" -> List.of("layernorm.weight");
      case "norm.bias" -> List.of("layernorm.bias");
      default -> throw new IllegalArgumentException("no Hugging Face name for " + ours);
    };
  }

  /** Where the encoder's tensors are: their naming, prefix, names without it, and the names outside. */
  record Located(VitNaming naming, String prefix, Map<String, Safetensors.Entry> local,
      List<String> outside) {}

  /** Finds the one naming and prefix under which {@code st} holds a ViT patch embedding. */
  static Located locate(Safetensors st) throws IOException {
    Path file = st.file();
    VitNaming naming = null;
    String prefix = null;
    Set<String> candidates = new TreeSet<>();
    for (String name : st.entries().keySet()) {
      for (VitNaming n : VitNaming.values()) {
        if (name.endsWith(n.patchWeight())) {
          String p = name.substring(0, name.length() - n.patchWeight().length());
          if (p.isEmpty() || p.endsWith(".")) {
            naming = n;
            prefix = p;
            candidates.add(p.isEmpty() ? "(none)" : p);
          }
        }
      }
    }
    if (naming == null) {
      throw new BadInputException(file, "has no ViT patch embedding (" + VitNaming.TIMM.patchWeight() + " or "
          + VitNaming.HUGGING_FACE.patchWeight() + "); is it a ViT?");
    }
    if (candidates.size() > 1) {
      throw new BadInputException(file, "holds several ViTs (prefixes " + String.join(", ", candidates)
          + "); extract one");
    }
    Map<String, Safetensors.Entry> local = new LinkedHashMap<>();
    List<String> outside = new ArrayList<>();
    for (Safetensors.Entry e : st.entries().values()) {
      if (e.name().startsWith(prefix)) {
        local.put(e.name().substring(prefix.length()), e);
      } else {
        outside.add(e.name());
      }
    }
    return new Located(naming, prefix, local, outside);
  }
}
