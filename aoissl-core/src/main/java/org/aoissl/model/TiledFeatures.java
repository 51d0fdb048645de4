package org.aoissl.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Tile;
import org.aoissl.data.TileLayout;
import org.aoissl.data.Tiler;
import org.aoissl.data.Tiling;

/**
 * Patch features of images too large to encode at once: the image is cut into overlapping tiles, each
 * tile is encoded, and the tiles' patch grids are stitched back with a linear cross-fade over the overlap
 * ({@link Tiler}). The CLS vector is the mean of the tiles'. Tile size and overlap are multiples of the
 * patch size so tile grids line up with the image's patch grid.
 */
public final class TiledFeatures {
  /** CLS {@code [D]} and patch grid {@code [gridH, gridW, D]} row-major. */
  public record Result(float[] cls, float[] patches, int gridH, int gridW) {}

  private TiledFeatures() {}

  /**
   * @param image normalised, height and width multiples of the patch size
   * @param tile tile side in pixels; an image that fits in one tile is encoded whole
   */
  public static Result forward(VisionTransformer vit, AoiImage image, int tile, int overlap, NDManager manager) {
    int p = vit.config().patchSize();
    int d = vit.config().dim();
    if (image.height() % p != 0 || image.width() % p != 0 || tile % p != 0 || overlap % p != 0) {
      throw new IllegalArgumentException("image " + image.width() + "x" + image.height() + ", tile " + tile
          + " and overlap " + overlap + " must be multiples of the patch size " + p);
    }
    if (image.height() <= tile && image.width() <= tile) {
      return encode(vit, image, manager);
    }
    Tiling tiling = new Tiler(tile, overlap).tile(image);
    List<float[]> maps = new ArrayList<>();
    float[] cls = new float[d];
    int g = tile / p;
    for (Tile t : tiling.tiles()) {
      Result r = encode(vit, t.image(), manager);
      for (int i = 0; i < d; i++) {
        cls[i] += r.cls()[i] / tiling.tiles().size();
      }
      maps.add(channelMajor(r.patches(), g, g, d));
    }
    int gh = image.height() / p;
    int gw = image.width() / p;
    TileLayout grid = new Tiler(g, overlap / p).layout(gh, gw);
    float[] stitched = Tiler.stitch(grid, maps, d, true); // [D, gh, gw]
    float[] patches = new float[gh * gw * d];
    for (int k = 0; k < d; k++) {
      for (int i = 0; i < gh * gw; i++) {
        patches[i * d + k] = stitched[k * gh * gw + i];
      }
    }
    return new Result(cls, patches, gh, gw);
  }

  private static Result encode(VisionTransformer vit, AoiImage image, NDManager manager) {
    try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
      Features f = vit.forwardFeatures(
          m.create(image.data(), new Shape(1, image.channels(), image.height(), image.width())));
      Shape s = f.patches().getShape();
      return new Result(f.cls().toFloatArray(), f.patches().toFloatArray(), (int) s.get(1), (int) s.get(2));
    }
  }

  /** {@code [h, w, D]} to {@code [D, h, w]}. */
  private static float[] channelMajor(float[] hwd, int h, int w, int d) {
    float[] out = new float[hwd.length];
    for (int i = 0; i < h * w; i++) {
      for (int k = 0; k < d; k++) {
        out[k * h * w + i] = hwd[i * d + k];
      }
    }
    return out;
  }
}
