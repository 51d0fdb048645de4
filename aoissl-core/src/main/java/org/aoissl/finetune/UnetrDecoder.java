package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.model.Dense;
import org.aoissl.model.Interpolate;
import org.aoissl.model.NamedParams;
import org.aoissl.model.TokenGrid;

/**
 * A UNETR-style decoder: the patch grid is upsampled as in {@link ConvDecoder}, but every stage also
 * reads skip features that a shallow convolutional stem computes from the image itself, so the head
 * can draw what is finer than a patch (2–4 px wires, 10 px balls) at pixel accuracy.
 *
 * <p>Layout for a patch of {@code p = 2^S} pixels (S = 4 for 16-pixel patches):
 *
 * <ul>
 *   <li>stem: {@code stem.0} at 1/1 is conv3×3 (C → 16), ReLU, conv3×3 (16 → 16), ReLU; {@code stem.k}
 *       at 1/2^k (k = 1 … S−1) is conv3×3 stride 2 (→ 16·(k+1)), ReLU, conv3×3, ReLU: 16, 32, 48, 64
 *       channels at 1/1, 1/2, 1/4, 1/8.
 *   <li>{@code embed}: a linear layer takes each patch token (dim D) to {@value ConvDecoder#WIDTH}
 *       channels at 1/p.
 *   <li>{@code up.i} (i = 0 … S−1, from 1/(p/2) to 1/1): bilinear ×2, concatenation of the stem's
 *       feature of that scale, conv3×3, ReLU, conv3×3, ReLU, halving the channels down to {@value
 *       ConvDecoder#MIN_CHANNELS}: 128 → 64 → 32 → 16 → 16.
 *   <li>{@code classifier}: a 1×1 convolution to the K logits at full resolution.
 * </ul>
 *
 * <p>ReLU convolutions start Kaiming-uniform (fan-in), the linear layer and the classifier
 * Xavier-uniform. There are no norm layers, so training and inference compute the same function.
 * Images must be whole patches in both directions.
 */
public final class UnetrDecoder implements SegHead {
  static final int STEM_WIDTH = 16;

  /** Two 3×3 convolutions, each followed by a ReLU; the first may have a stride. */
  private record DoubleConv(ConvLayer first, ConvLayer second) {
    static DoubleConv of(NamedParams params, String name, int in, int out, int stride) {
      return new DoubleConv(ConvLayer.kaiming(params, name + ".conv1", in, out, 3, stride),
          ConvLayer.kaiming(params, name + ".conv2", out, out, 3, 1));
    }

    NDArray forward(NDArray x) {
      return Activation.relu(second.forward(Activation.relu(first.forward(x))));
    }

    long flops(long h, long w) {
      return first.flops(h, w) + second.flops(h, w);
    }
  }

  private final List<DoubleConv> stem = new ArrayList<>();
  private final Dense embed;
  private final List<DoubleConv> up = new ArrayList<>();
  private final ConvLayer classifier;
  private final int dim;
  private final int patch;

  UnetrDecoder(NamedParams params, int channels, int dim, int patch, int numClasses) {
    if (patch < 2 || Integer.bitCount(patch) != 1) {
      throw new IllegalArgumentException("the unetr head needs a patch size that is a power of two; got " + patch);
    }
    this.dim = dim;
    this.patch = patch;
    int stages = Integer.numberOfTrailingZeros(patch);
    int[] skip = new int[stages];
    int c = channels;
    for (int k = 0; k < stages; k++) {
      skip[k] = STEM_WIDTH * (k + 1);
      stem.add(DoubleConv.of(params, "stem." + k, c, skip[k], k == 0 ? 1 : 2));
      c = skip[k];
    }
    embed = new Dense(params, "embed", dim, ConvDecoder.WIDTH, true);
    c = ConvDecoder.WIDTH;
    for (int i = 0; i < stages; i++) {
      int out = ConvDecoder.narrower(c);
      up.add(DoubleConv.of(params, "up." + i, c + skip[stages - 1 - i], out, 1));
      c = out;
    }
    classifier = ConvLayer.xavier(params, "classifier", c, numClasses, 1);
  }

  @Override
  public String kind() {
    return "unetr";
  }

  @Override
  public NDArray forward(TokenGrid grid, NDArray images) {
    long height = images.getShape().get(2);
    long width = images.getShape().get(3);
    if (height % patch != 0 || width % patch != 0 || grid.gridH() * patch != height
        || grid.gridW() * patch != width) {
      throw new IllegalArgumentException("the unetr head needs images of whole " + patch + "-pixel patches matching "
          + "the token grid; got " + height + "×" + width + " for a " + grid.gridH() + "×" + grid.gridW() + " grid");
    }
    List<NDArray> skips = new ArrayList<>();
    NDArray f = images; // [N, C, H, W]
    for (DoubleConv s : stem) {
      f = s.forward(f); // [N, 16·(k+1), H/2^k, W/2^k]
      skips.add(f);
    }
    NDArray x = embed.forward(grid.patches()).transpose(0, 3, 1, 2); // [N, 128, H/p, W/p]
    for (int i = 0; i < up.size(); i++) {
      NDArray skip = skips.get(up.size() - 1 - i); // [N, c_s, 2h, 2w]
      int h = (int) skip.getShape().get(2);
      int w = (int) skip.getShape().get(3);
      x = Interpolate.bilinear(x, h, w).concat(skip, 1); // [N, c + c_s, 2h, 2w]
      x = up.get(i).forward(x); // [N, max(16, c/2), 2h, 2w]
    }
    return classifier.forward(x); // [N, K, H, W]
  }

  @Override
  public long flops(int height, int width) {
    long f = 0;
    for (int k = 0; k < stem.size(); k++) {
      f += stem.get(k).flops(height >> k, width >> k);
    }
    f += 2L * (height / patch) * (width / patch) * dim * ConvDecoder.WIDTH;
    for (int i = 0; i < up.size(); i++) {
      int k = up.size() - 1 - i;
      f += up.get(i).flops(height >> k, width >> k);
    }
    return f + classifier.flops(height, width);
  }
}
