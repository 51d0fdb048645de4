package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Logits of a whole image of any size from a model run on overlapping tiles, so memory stays bounded
 * on large AOI frames. Tiles are {@code tile×tile} (a side shorter than a tile is taken whole) and start
 * every {@code step = tile − overlap} pixels rounded down to a multiple of {@code align}; the last tile
 * along a side starts at the first multiple of {@code align} that lets it reach the edge (it may be
 * shorter than a tile). With {@code align = 2^depth} of a U-Net every tile sees the same pooling grid as
 * the whole image, and neighbouring tiles overlap by at least {@code overlap} pixels.
 *
 * <p>Tiles are cross-faded with a separable window. Along an edge that borders another tile, a tile's
 * weight is 0 over the outer quarter of the overlap (where its zero-padded border corrupts its own
 * logits), rises linearly over the middle half and is 1 beyond; at image borders it stays 1. The
 * neighbour has weight 1 where this one is 0, so every pixel has a positive weight, and when the
 * model's receptive-field radius is at most {@code overlap/4} the result equals the whole-image
 * logits up to rounding.
 */
public final class TiledLogits {
  private TiledLogits() {}

  /**
   * @param model a batch {@code [1, C, h, w]} to logits {@code [1, K, h, w]} on the batch's manager
   * @param image {@code [1, C, H, W]}
   * @param tile tile side in pixels, a multiple of {@code align}
   * @param overlap pixels shared by neighbouring tiles; {@code tile − overlap >= align}
   * @param align tile origins are multiples of this (a U-Net's {@link UNetConfig#multiple()}; 1 for none)
   * @return logits {@code [1, K, H, W]} on {@code image}'s manager
   */
  public static NDArray forward(UnaryOperator<NDArray> model, NDArray image, int tile, int overlap, int align) {
    Shape s = image.getShape();
    if (s.dimension() != 4 || s.get(0) != 1) {
      throw new IllegalArgumentException("expected one image [1, C, H, W]; got " + s);
    }
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    List<int[]> rows = spans(h, tile, overlap, align);
    List<int[]> cols = spans(w, tile, overlap, align);
    if (rows.size() == 1 && cols.size() == 1) {
      return model.apply(image);
    }
    float[] sum = null;
    float[] weight = new float[h * w];
    int k = 0;
    for (int[] r : rows) {
      float[] wy = window(r, h, overlap);
      for (int[] c : cols) {
        float[] wx = window(c, w, overlap);
        float[] logits;
        try (NDScope ignored = new NDScope()) {
          NDArray crop = image.get(new NDIndex(":, :, {}:{}, {}:{}", r[0], r[0] + r[1], c[0], c[0] + c[1]));
          NDArray out = model.apply(crop); // [1, K, th, tw]
          k = (int) out.getShape().get(1);
          logits = out.toFloatArray();
        }
        if (sum == null) {
          sum = new float[k * h * w];
        }
        accumulate(sum, weight, logits, k, r, c, wy, wx, w);
      }
    }
    for (int ch = 0; ch < k; ch++) {
      for (int p = 0; p < h * w; p++) {
        sum[ch * h * w + p] /= weight[p];
      }
    }
    NDManager manager = image.getManager();
    return manager.create(sum, new Shape(1, k, h, w));
  }

  private static void accumulate(float[] sum, float[] weight, float[] logits, int k, int[] r, int[] c,
      float[] wy, float[] wx, int w) {
    int h = weight.length / w;
    int th = r[1];
    int tw = c[1];
    for (int y = 0; y < th; y++) {
      for (int x = 0; x < tw; x++) {
        float wt = wy[y] * wx[x];
        if (wt == 0) {
          continue;
        }
        int p = (r[0] + y) * w + c[0] + x;
        weight[p] += wt;
        for (int ch = 0; ch < k; ch++) {
          sum[ch * h * w + p] += wt * logits[(ch * th + y) * tw + x];
        }
      }
    }
  }

  /**
   * The tiles along one side of {@code length} pixels, as {@code [origin, extent]} in order: origins
   * {@code 0, step, 2·step, …} while a tile ends before the edge, then one ending at the edge.
   */
  static List<int[]> spans(int length, int tile, int overlap, int align) {
    if (length < 1 || align < 1 || tile < 1 || tile % align != 0) {
      throw new IllegalArgumentException("need length >= 1 and a tile that is a multiple of align >= 1; got length "
          + length + ", tile " + tile + ", align " + align);
    }
    if (overlap < 0 || tile - overlap < align) {
      throw new IllegalArgumentException("overlap must be in [0, tile - align]; got " + overlap + " with tile "
          + tile + " and align " + align);
    }
    List<int[]> out = new ArrayList<>();
    if (length <= tile) {
      out.add(new int[] {0, length});
      return out;
    }
    int step = (tile - overlap) / align * align;
    int last = (length - tile + align - 1) / align * align;
    for (int o = 0; o < last; o += step) {
      out.add(new int[] {o, tile});
    }
    out.add(new int[] {last, length - last});
    return out;
  }

  /** The 1-D window of one span: ramps at ends that border another span, 1 at the image border. */
  static float[] window(int[] span, int length, int overlap) {
    int n = span[1];
    float[] v = new float[n];
    boolean before = span[0] > 0;
    boolean after = span[0] + n < length;
    for (int i = 0; i < n; i++) {
      float a = before ? ramp(i, overlap) : 1f;
      float b = after ? ramp(n - 1 - i, overlap) : 1f;
      v[i] = Math.min(a, b);
    }
    return v;
  }

  /**
   * Weight at {@code d} pixels from a shared edge: 0 over the outer quarter of the overlap, linear over
   * the middle half, 1 beyond.
   */
  static float ramp(int d, int overlap) {
    int guard = overlap / 4;
    int rise = overlap - 2 * guard;
    if (d < guard) {
      return 0f;
    }
    return Math.min(1f, (d - guard + 1f) / (rise + 1f));
  }
}
