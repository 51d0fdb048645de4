package org.aoissl.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits large images into overlapping square tiles of side {@code tileSize} and stitches per-tile
 * results back. Along each axis tiles start every {@code tileSize - overlap} pixels and the last one
 * is moved back to end at the image edge, so every pixel is covered and no tile leaves the image;
 * a side shorter than a tile is zero-padded (one tile along it).
 *
 * <p>Float maps (scores, probabilities) are stitched by a weighted average of every tile that covers
 * a pixel, optionally with a linear ramp that fades each tile out over {@code overlap} pixels towards
 * its edges, so seams vanish. Masks, whose bits cannot be averaged, take the tile whose centre is
 * nearest.
 */
public record Tiler(int tileSize, int overlap) {
  public Tiler {
    if (tileSize < 1) {
      throw new IllegalArgumentException("tileSize must be positive; got " + tileSize);
    }
    if (overlap < 0 || overlap >= tileSize) {
      throw new IllegalArgumentException(
          "overlap must be in [0, tileSize); got " + overlap + " with tileSize " + tileSize);
    }
  }

  /** The tile grid for an image of this size. */
  public TileLayout layout(int height, int width) {
    return new TileLayout(height, width, tileSize, overlap, origins(height), origins(width));
  }

  private List<Integer> origins(int length) {
    int padded = Math.max(length, tileSize);
    List<Integer> out = new ArrayList<>();
    int p = 0;
    out.add(p);
    while (p + tileSize < padded) {
      p = Math.min(p + tileSize - overlap, padded - tileSize);
      out.add(p);
    }
    return out;
  }

  /** Cuts an image into tiles (zero-padded where it is smaller than a tile). */
  public Tiling tile(AoiImage image) {
    TileLayout layout = layout(image.height(), image.width());
    int t = tileSize;
    int h = image.height();
    int w = image.width();
    List<Tile> tiles = new ArrayList<>(layout.tileCount());
    for (int i = 0; i < layout.tileCount(); i++) {
      int oy = layout.originY(i);
      int ox = layout.originX(i);
      float[] out = new float[image.channels() * t * t];
      int rowsIn = Math.min(t, h - oy);
      int colsIn = Math.min(t, w - ox);
      for (int c = 0; c < image.channels(); c++) {
        for (int y = 0; y < rowsIn; y++) {
          System.arraycopy(
              image.data(), (c * h + oy + y) * w + ox, out, (c * t + y) * t, colsIn);
        }
      }
      tiles.add(new Tile(oy, ox, new AoiImage(image.channels(), t, t, image.bitDepth(), out)));
    }
    return new Tiling(layout, tiles);
  }

  /**
   * Cuts a mask along the same layout as its image, in layout order; padded pixels are ignored so
   * they count for no class.
   */
  public List<Mask> tileMask(Mask mask) {
    TileLayout layout = layout(mask.height(), mask.width());
    int t = tileSize;
    List<Mask> out = new ArrayList<>(layout.tileCount());
    for (int i = 0; i < layout.tileCount(); i++) {
      int oy = layout.originY(i);
      int ox = layout.originX(i);
      Mask m = new Mask(mask.numClasses(), t, t);
      for (int y = 0; y < t; y++) {
        for (int x = 0; x < t; x++) {
          int sy = oy + y;
          int sx = ox + x;
          if (sy < mask.height() && sx < mask.width()) {
            m.setClassBits(y, x, mask.classBits(sy, sx));
            m.setIgnored(y, x, mask.isIgnored(sy, sx));
          } else {
            m.setIgnored(y, x, true);
          }
        }
      }
      out.add(m);
    }
    return out;
  }

  /**
   * Stitches per-tile maps of {@code k} planes ({@code k×T×T}, plane-major, in layout order) into one
   * {@code k×H×W} map of the unpadded image by averaging the tiles that cover each pixel.
   *
   * @param ramp weight each tile by a linear ramp rising over {@code overlap + 1} pixels from its
   *     edges (product of the row and column ramps), so neighbouring tiles cross-fade; without it
   *     every covering tile counts equally
   */
  public static float[] stitch(TileLayout layout, List<float[]> maps, int k, boolean ramp) {
    int t = layout.tileSize();
    if (maps.size() != layout.tileCount()) {
      throw new IllegalArgumentException(
          maps.size() + " maps for a layout of " + layout.tileCount() + " tiles");
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive; got " + k);
    }
    int h = layout.height();
    int w = layout.width();
    double[] weight1d = new double[t];
    for (int i = 0; i < t; i++) {
      int fromEdge = Math.min(i, t - 1 - i) + 1;
      weight1d[i] = ramp ? Math.min(1.0, fromEdge / (layout.overlap() + 1.0)) : 1.0;
    }
    double[] sum = new double[k * h * w];
    double[] weights = new double[h * w];
    for (int i = 0; i < maps.size(); i++) {
      float[] map = maps.get(i);
      if (map.length != k * t * t) {
        throw new IllegalArgumentException(
            "map " + i + " has " + map.length + " values, expected " + k + "x" + t + "x" + t);
      }
      int oy = layout.originY(i);
      int ox = layout.originX(i);
      int rowsIn = Math.min(t, h - oy);
      int colsIn = Math.min(t, w - ox);
      for (int y = 0; y < rowsIn; y++) {
        for (int x = 0; x < colsIn; x++) {
          double wt = weight1d[y] * weight1d[x];
          int p = (oy + y) * w + ox + x;
          weights[p] += wt;
          for (int c = 0; c < k; c++) {
            sum[c * h * w + p] += wt * map[(c * t + y) * t + x];
          }
        }
      }
    }
    float[] out = new float[k * h * w];
    for (int c = 0; c < k; c++) {
      for (int p = 0; p < h * w; p++) {
        out[c * h * w + p] = (float) (sum[c * h * w + p] / weights[p]);
      }
    }
    return out;
  }

  /**
   * Stitches per-tile masks (T×T, in layout order) into one H×W mask: each pixel comes from the tile
   * whose centre is nearest (ties go to the earlier tile), where it lies farthest from a seam.
   */
  public static Mask stitchMasks(TileLayout layout, List<Mask> tiles) {
    int t = layout.tileSize();
    if (tiles.size() != layout.tileCount()) {
      throw new IllegalArgumentException(
          tiles.size() + " masks for a layout of " + layout.tileCount() + " tiles");
    }
    int classes = tiles.get(0).numClasses();
    for (Mask m : tiles) {
      if (m.height() != t || m.width() != t || m.numClasses() != classes) {
        throw new IllegalArgumentException(
            "tile mask " + m + " does not match tile size " + t + " and " + classes + " classes");
      }
    }
    // Squared distance to a grid centre separates by axis, so the nearest tile is the nearest row
    // crossed with the nearest column.
    int[] bestRow = nearestOrigin(layout.rowOrigins(), layout.height(), t);
    int[] bestCol = nearestOrigin(layout.colOrigins(), layout.width(), t);
    Mask out = new Mask(classes, layout.height(), layout.width());
    for (int y = 0; y < layout.height(); y++) {
      for (int x = 0; x < layout.width(); x++) {
        int r = bestRow[y];
        int c = bestCol[x];
        Mask m = tiles.get(r * layout.cols() + c);
        int ty = y - layout.rowOrigins().get(r);
        int tx = x - layout.colOrigins().get(c);
        out.setClassBits(y, x, m.classBits(ty, tx));
        out.setIgnored(y, x, m.isIgnored(ty, tx));
      }
    }
    return out;
  }

  private static int[] nearestOrigin(List<Integer> origins, int length, int t) {
    int[] best = new int[length];
    for (int p = 0; p < length; p++) {
      double bestDist = Double.MAX_VALUE;
      for (int i = 0; i < origins.size(); i++) {
        double d = Math.abs(p - (origins.get(i) + (t - 1) / 2.0));
        if (d < bestDist) {
          bestDist = d;
          best[p] = i;
        }
      }
    }
    return best;
  }
}
