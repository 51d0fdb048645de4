package org.aoissl.model;

import java.util.List;

/**
 * Every hyper-parameter of a Vision Transformer encoder. The image is square at training time
 * ({@code imageSize}); other sizes are accepted at run time by interpolating the position embeddings.
 *
 * @param imageSize training image side in pixels, a multiple of {@code patchSize}
 * @param patchSize patch side in pixels
 * @param channels input channels (2 for the paper's two illuminations)
 * @param dim token width
 * @param depth number of transformer blocks
 * @param heads attention heads; must divide {@code dim}
 * @param mlpRatio MLP hidden width over {@code dim}
 * @param qkvBias whether the fused qkv projection has a bias
 * @param layerNormEps LayerNorm epsilon
 */
public record VitConfig(
    int imageSize, int patchSize, int channels, int dim, int depth, int heads, double mlpRatio,
    boolean qkvBias, double layerNormEps) {
  /** Preset names accepted by {@link #preset(String, int, int)}. */
  public static final List<String> PRESETS = List.of("aoi-t", "vit-ti", "vit-s", "micro");

  public VitConfig {
    positive("imageSize", imageSize);
    positive("patchSize", patchSize);
    positive("channels", channels);
    positive("dim", dim);
    positive("depth", depth);
    positive("heads", heads);
    if (imageSize % patchSize != 0) {
      throw new IllegalArgumentException(
          "imageSize must be a multiple of patchSize; got " + imageSize + " and " + patchSize);
    }
    if (dim % heads != 0) {
      throw new IllegalArgumentException(
          "dim must be a multiple of heads; got dim " + dim + " and heads " + heads);
    }
    if (dim % 4 != 0) {
      // 2-D sin-cos position embeddings split dim into 2 axes x (sin, cos).
      throw new IllegalArgumentException("dim must be a multiple of 4; got " + dim);
    }
    if (!(mlpRatio > 0) || mlpHidden(dim, mlpRatio) < 1) {
      throw new IllegalArgumentException("mlpRatio must be > 0; got " + mlpRatio);
    }
    if (!(layerNormEps > 0)) {
      throw new IllegalArgumentException("layerNormEps must be > 0; got " + layerNormEps);
    }
  }

  /** A preset at its usual size (224 px; 32 px for {@code micro}) with 2 channels. */
  public static VitConfig preset(String name) {
    return preset(name, "micro".equals(name) ? 32 : 224, 2);
  }

  /**
   * A named architecture: {@code aoi-t} (384/6/6, patch 16: the paper's backbone), {@code vit-ti}
   * (192/12/3/16), {@code vit-s} (384/12/6/16), {@code micro} (32/2/2, patch 8: for tests).
   */
  public static VitConfig preset(String name, int imageSize, int channels) {
    return switch (name) {
      case "aoi-t" -> new VitConfig(imageSize, 16, channels, 384, 6, 6, 4.0, true, 1e-6);
      case "vit-ti" -> new VitConfig(imageSize, 16, channels, 192, 12, 3, 4.0, true, 1e-6);
      case "vit-s" -> new VitConfig(imageSize, 16, channels, 384, 12, 6, 4.0, true, 1e-6);
      case "micro" -> new VitConfig(imageSize, 8, channels, 32, 2, 2, 4.0, true, 1e-6);
      default -> throw new IllegalArgumentException(
          "unknown model preset '" + name + "'; known: " + String.join(", ", PRESETS));
    };
  }

  public VitConfig withImageSize(int newImageSize) {
    return new VitConfig(
        newImageSize, patchSize, channels, dim, depth, heads, mlpRatio, qkvBias, layerNormEps);
  }

  public VitConfig withChannels(int newChannels) {
    return new VitConfig(
        imageSize, patchSize, newChannels, dim, depth, heads, mlpRatio, qkvBias, layerNormEps);
  }

  /** Patches per image side at the training size. */
  public int gridSize() {
    return imageSize / patchSize;
  }

  /** Patch tokens per image at the training size (no CLS). */
  public int numPatches() {
    return gridSize() * gridSize();
  }

  /** Values in one flattened patch, {@code C·p·p}. */
  public int patchDim() {
    return channels * patchSize * patchSize;
  }

  public int headDim() {
    return dim / heads;
  }

  /** MLP hidden width, truncated as timm does ({@code int(dim * mlp_ratio)}). */
  public int mlpHidden() {
    return mlpHidden(dim, mlpRatio);
  }

  private static int mlpHidden(int dim, double ratio) {
    return (int) (dim * ratio);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1; got " + value);
    }
  }
}
