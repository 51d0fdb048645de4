package org.aoissl.retrieval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.aoissl.data.Normalization;
import org.aoissl.data.Resize;
import org.aoissl.model.Features;
import org.aoissl.model.TiledFeatures;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.EncoderCheckpoint;

/**
 * Turns images into L2-normalised CLS and patch keys with a pre-trained encoder, exactly the same way
 * for bank building and for queries: pixels standardised with the checkpoint's statistics, sides cut
 * down to the nearest lower multiple of the patch size ({@link #fitImage}), images larger than the tile
 * size encoded in overlapping tiles. Not thread-safe.
 */
public final class PatchEncoder implements AutoCloseable {
  public static final int DEFAULT_TILE = 1024;

  /**
   * One encoded image.
   *
   * @param cls {@code [D]}, L2-normalised
   * @param patches {@code [gridH, gridW, D]} row-major, each patch vector L2-normalised
   */
  public record Encoded(int gridH, int gridW, float[] cls, float[] patches) {}

  private final VisionTransformer vit;
  private final Normalization norm;
  private final EncoderId id;
  private final NDManager manager;
  private final boolean ownsVit;
  private final int tile;
  private final int overlap;

  /** An encoder over an in-memory model; the caller keeps ownership of {@code vit}. */
  public PatchEncoder(VisionTransformer vit, Normalization norm, EncoderId id) {
    this(vit, norm, id, Engine.getEngine("PyTorch").newBaseManager(), false);
  }

  private PatchEncoder(VisionTransformer vit, Normalization norm, EncoderId id, NDManager manager, boolean ownsVit) {
    VitConfig c = vit.config();
    if (c.dim() != id.dim() || c.patchSize() != id.patchSize() || c.channels() != id.channels()
        || norm.channels() != c.channels()) {
      manager.close();
      throw new IllegalArgumentException("encoder id " + id + " does not describe the model " + c
          + " with " + norm.channels() + "-channel normalisation");
    }
    this.vit = vit;
    this.norm = norm;
    this.id = id;
    this.manager = manager;
    this.ownsVit = ownsVit;
    int p = id.patchSize();
    this.tile = Math.max(p, id.tile() / p * p);
    // As aoissl embed: tiles overlap by an eighth, in whole patches.
    this.overlap = tile / 8 / p * p;
  }

  /** Loads a checkpoint's encoder and normalisation; images over 1024 px on a side are tiled. */
  public static PatchEncoder open(Path checkpoint) throws IOException {
    return open(checkpoint, DEFAULT_TILE);
  }

  public static PatchEncoder open(Path checkpoint, int tile) throws IOException {
    EncoderCheckpoint ck = EncoderCheckpoint.read(checkpoint);
    EncoderId id = EncoderId.of(checkpoint, ck.state(), tile);
    NDManager m = Engine.getEngine("PyTorch").newBaseManager();
    try {
      return new PatchEncoder(ck.encoder(m), ck.normalization(), id, m, true);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  public EncoderId id() {
    return id;
  }

  public int patchSize() {
    return id.patchSize();
  }

  public int dim() {
    return id.dim();
  }

  public Normalization normalization() {
    return norm;
  }

  /**
   * Encodes one image (any size of at least one patch; sides are cut down to patch multiples by
   * resizing, as {@link #fitImage}).
   */
  public Encoded encode(AoiImage image) {
    Encoded f = features(image);
    return normalised(f.gridH(), f.gridW(), f.cls(), f.patches());
  }

  /**
   * The encoder's CLS and patch features of one image as they come out of the last block, not
   * L2-normalised ({@code aoissl embed} writes these); fitted and tiled as {@link #encode}.
   */
  public Encoded features(AoiImage image) {
    AoiImage img = fitImage(checkChannels(image), patchSize());
    TiledFeatures.Result r = TiledFeatures.forward(vit, img.withData(norm.apply(img)), tile, overlap, manager);
    return new Encoded(r.gridH(), r.gridW(), r.cls(), r.patches());
  }

  /**
   * Encodes several images; runs of consecutive images of the same (fitted) size that fit in one tile
   * go through the encoder as one batch. Gives the same keys as {@link #encode} one by one, up to
   * floating-point summation order.
   */
  public List<Encoded> encodeBatch(List<AoiImage> images) {
    List<Encoded> out = new ArrayList<>(images.size());
    List<AoiImage> run = new ArrayList<>();
    for (AoiImage image : images) {
      AoiImage img = fitImage(checkChannels(image), patchSize());
      boolean oneTile = img.height() <= tile && img.width() <= tile;
      if (!run.isEmpty() && (!oneTile || !sameSize(run.get(0), img))) {
        out.addAll(forwardBatch(run));
        run.clear();
      }
      if (oneTile) {
        run.add(img);
      } else {
        out.add(encode(img));
      }
    }
    if (!run.isEmpty()) {
      out.addAll(forwardBatch(run));
    }
    return out;
  }

  @SuppressWarnings("try") // the scope is there to be closed
  private List<Encoded> forwardBatch(List<AoiImage> run) {
    int n = run.size();
    AoiImage first = run.get(0);
    int c = first.channels();
    int h = first.height();
    int w = first.width();
    int plane = c * h * w;
    float[] x = new float[n * plane];
    for (int i = 0; i < n; i++) {
      norm.apply(run.get(i), x, i * plane);
    }
    float[] cls;
    float[] patches;
    try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
      Features f = vit.forwardFeatures(m.create(x, new Shape(n, c, h, w)));
      cls = f.cls().toFloatArray(); // [N, D]
      patches = f.patches().toFloatArray(); // [N, h, w, D]
    }
    int d = dim();
    int gh = h / patchSize();
    int gw = w / patchSize();
    int per = gh * gw * d;
    List<Encoded> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(normalised(gh, gw, java.util.Arrays.copyOfRange(cls, i * d, (i + 1) * d),
          java.util.Arrays.copyOfRange(patches, i * per, (i + 1) * per)));
    }
    return out;
  }

  private Encoded normalised(int gh, int gw, float[] cls, float[] patches) {
    int d = dim();
    l2Normalise(cls, 0, d);
    for (int off = 0; off < patches.length; off += d) {
      l2Normalise(patches, off, d);
    }
    return new Encoded(gh, gw, cls, patches);
  }

  /**
   * Scales {@code v[off..off+n)} to unit length in place (an all-zero vector stays zero): what the encoder does
   * to every key, and what a bank built from stored features must do to be the same bank.
   */
  public static void l2Normalise(float[] v, int off, int n) {
    double s = 0;
    for (int i = off; i < off + n; i++) {
      s += (double) v[i] * v[i];
    }
    if (s == 0) {
      return;
    }
    float inv = (float) (1 / Math.sqrt(s));
    for (int i = off; i < off + n; i++) {
      v[i] *= inv;
    }
  }

  private AoiImage checkChannels(AoiImage image) {
    if (image.channels() != id.channels()) {
      throw new IllegalArgumentException(
          "image has " + image.channels() + " channels; the encoder takes " + id.channels());
    }
    return image;
  }

  private static boolean sameSize(AoiImage a, AoiImage b) {
    return a.height() == b.height() && a.width() == b.width();
  }

  /**
   * Resizes (bilinear) to the nearest lower multiple of {@code patch} on each side, as {@code aoissl
   * embed} does; an image already of that size is returned as is.
   */
  public static AoiImage fitImage(AoiImage image, int patch) {
    int h = fittedSide(image.height(), image.width(), patch, image.height());
    int w = fittedSide(image.height(), image.width(), patch, image.width());
    return Resize.image(image, h, w);
  }

  /**
   * Resizes a mask (nearest neighbour, class bits and ignore plane) to the size {@link #fitImage} gives
   * an image of the mask's size, so labels stay aligned with the encoded pixels.
   */
  public static Mask fitMask(Mask mask, int patch) {
    int h = fittedSide(mask.height(), mask.width(), patch, mask.height());
    int w = fittedSide(mask.height(), mask.width(), patch, mask.width());
    return h == mask.height() && w == mask.width() ? mask : Resize.mask(mask, h, w);
  }

  private static int fittedSide(int height, int width, int patch, int side) {
    if (height < patch || width < patch) {
      throw new IllegalArgumentException(
          "image " + width + "x" + height + " is smaller than one " + patch + "x" + patch + " patch");
    }
    return side / patch * patch;
  }

  /** Releases the model if this encoder loaded it, and the encoder's scratch memory. */
  @Override
  public void close() {
    if (ownsVit) {
      vit.close();
    }
    manager.close();
  }
}
