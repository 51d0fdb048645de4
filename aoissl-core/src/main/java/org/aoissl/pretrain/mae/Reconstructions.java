package org.aoissl.pretrain.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.Normalization;
import org.aoissl.data.Resize;
import org.aoissl.data.augment.Augmented;
import org.aoissl.data.augment.RandomResizedCrop;

/**
 * A picture of what an MAE has learned: per image and channel, the input, the input with the removed
 * patches blacked out, and the reconstruction (predicted patches where removed, input elsewhere).
 */
public final class Reconstructions {
  private static final int GAP = 4;

  private Reconstructions() {}

  /**
   * The grid of an MAE checkpoint at its own mask ratio.
   *
   * @throws org.aoissl.io.BadInputException when the checkpoint was not made by MAE
   */
  public static BufferedImage render(java.nio.file.Path checkpoint, List<AoiImage> images, long seed)
      throws java.io.IOException {
    return render(checkpoint, org.aoissl.pretrain.PretrainCheckpoint.load(checkpoint), images, seed);
  }

  /** As {@link #render(java.nio.file.Path, List, long)} for a checkpoint already read. */
  public static BufferedImage render(java.nio.file.Path checkpoint, org.aoissl.pretrain.PretrainCheckpoint.Loaded l,
      List<AoiImage> images, long seed) throws java.io.IOException {
    try (Loaded mae = load(checkpoint, l)) {
      return render(mae.objective().model(), images, mae.norm(), mae.maskRatio(), seed, mae.manager());
    }
  }

  /**
   * Scores an MAE checkpoint's reconstructions of labeled images of its input size at its own mask ratio
   * (see {@link ReconstructionScore}); the masks are drawn from {@code seed}.
   */
  public static List<ReconstructionScore.ClassScore> score(java.nio.file.Path checkpoint,
      org.aoissl.pretrain.PretrainCheckpoint.Loaded l, List<Augmented> examples, ClassSet classes, long seed)
      throws java.io.IOException {
    try (Loaded mae = load(checkpoint, l)) {
      MaeModel model = mae.objective().model();
      int s = model.config().encoder().imageSize();
      int c = model.config().encoder().channels();
      int p = model.config().encoder().patchSize();
      ReconstructionScore score = new ReconstructionScore(classes);
      SplittableRandom rng = new SplittableRandom(seed);
      for (int first = 0; first < examples.size(); first += SCORE_BATCH) {
        List<Augmented> batch = examples.subList(first, Math.min(examples.size(), first + SCORE_BATCH));
        List<AoiImage> images = batch.stream().map(Augmented::image).toList();
        Masked m = reconstruct(model, inputs(images, s, c, mae.norm()), images.size(), mae.maskRatio(), rng,
            mae.manager());
        int plane = c * s * s;
        int grid = (s / p) * (s / p);
        for (int i = 0; i < batch.size(); i++) {
          score.add(Arrays.copyOfRange(m.input(), i * plane, (i + 1) * plane),
              Arrays.copyOfRange(m.reconstruction(), i * plane, (i + 1) * plane),
              Arrays.copyOfRange(m.removed(), i * grid, (i + 1) * grid), batch.get(i).mask(), p);
        }
      }
      return score.scores();
    }
  }

  private static final int SCORE_BATCH = 16;

  /** An MAE restored from a checkpoint, with what it was trained with. */
  private record Loaded(MaeObjective objective, Normalization norm, double maskRatio, NDManager manager)
      implements AutoCloseable {
    @Override
    public void close() {
      objective.close();
      manager.close();
    }
  }

  private static Loaded load(java.nio.file.Path checkpoint, org.aoissl.pretrain.PretrainCheckpoint.Loaded l)
      throws java.io.IOException {
    org.aoissl.pretrain.PretrainState st = l.state();
    if (st.mae() == null) {
      throw new org.aoissl.io.BadInputException(checkpoint, "was made by " + st.method() + "; reconstructions need an "
          + "MAE checkpoint");
    }
    NDManager m = ai.djl.engine.Engine.getEngine("PyTorch").newBaseManager();
    MaeObjective mae = new MaeObjective(st.mae(), m, 0);
    Loaded out = new Loaded(mae, st.normalization(), st.mae().maskRatio(), m);
    try {
      org.aoissl.pretrain.PretrainCheckpoint.restoreWeights(checkpoint, l.contents(), mae.params());
      return out;
    } catch (java.io.IOException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /**
   * Renders the grid: one row per image, three columns per channel.
   *
   * @param norm the normalisation the model was trained with
   */
  public static BufferedImage render(MaeModel model, List<AoiImage> images, Normalization norm,
      double maskRatio, long seed, NDManager manager) {
    int s = model.config().encoder().imageSize();
    int c = model.config().encoder().channels();
    int p = model.config().encoder().patchSize();
    int n = images.size();
    float[] in = inputs(images, s, c, norm);
    Masked m = reconstruct(model, in, n, maskRatio, new SplittableRandom(seed), manager);
    float[] rec = m.reconstruction();
    float[] removed = m.removed();
    int g = s / p;
    int cols = 3 * c;
    BufferedImage sheet = new BufferedImage(cols * s + (cols - 1) * GAP, n * s + (n - 1) * GAP,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D gr = sheet.createGraphics();
    gr.setColor(Color.WHITE);
    gr.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    gr.dispose();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < c; k++) {
        for (int y = 0; y < s; y++) {
          for (int xx = 0; xx < s; xx++) {
            int idx = (i * c + k) * s * s + y * s + xx;
            boolean gone = removed[i * g * g + (y / p) * g + xx / p] > 0.5f;
            float orig = norm.invert(k, in[idx]);
            float pr = norm.invert(k, rec[idx]);
            int oy = i * (s + GAP) + y;
            put(sheet, (3 * k) * (s + GAP) + xx, oy, orig);
            put(sheet, (3 * k + 1) * (s + GAP) + xx, oy, gone ? 0f : orig);
            put(sheet, (3 * k + 2) * (s + GAP) + xx, oy, gone ? pr : orig);
          }
        }
      }
    }
    return sheet;
  }

  /** Normalised model inputs {@code [N, C, S, S]}: images of another size are resized whole. */
  private static float[] inputs(List<AoiImage> images, int s, int c, Normalization norm) {
    float[] in = new float[images.size() * c * s * s];
    for (int i = 0; i < images.size(); i++) {
      AoiImage img = images.get(i);
      norm.apply(Resize.image(img, s, s), in, i * c * s * s);
    }
    return in;
  }

  /** Inputs, reconstructions {@code [N, C, S, S]} (normalised units) and removed patches {@code [N, L]}. */
  private record Masked(float[] input, float[] reconstruction, float[] removed) {}

  private static Masked reconstruct(MaeModel model, float[] in, int n, double maskRatio, RandomGenerator rng,
      NDManager manager) {
    int s = model.config().encoder().imageSize();
    int c = model.config().encoder().channels();
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.create(in, new Shape(n, c, s, s));
      MaeModel.Output out = model.forward(x, maskRatio, rng);
      NDArray pred = out.pred(); // [N, L, p·p·C]
      if (model.config().normPixLoss()) {
        // The model predicts each patch normalised by its own mean and variance: undo it with the target's.
        NDArray target = model.patchify(x);
        NDArray mu = target.mean(new int[] {-1}, true);
        NDArray var = target.sub(mu).square().sum(new int[] {-1}, true).div(target.getShape().get(2) - 1);
        pred = pred.mul(var.add(1e-6).sqrt()).add(mu);
      }
      return new Masked(in, model.unpatchify(pred).toFloatArray(), out.mask().toFloatArray());
    }
  }

  private static void put(BufferedImage img, int x, int y, float v) {
    int q = ImageCodec.quantize(v, 255);
    img.setRGB(x, y, q << 16 | q << 8 | q);
  }

  /**
   * A crop of side {@code s} at the image's own resolution, a third of the way in from the top left
   * (where a synthetic die's edge and wires usually are); smaller images are resized whole.
   */
  public static AoiImage nativeView(AoiImage img, int s) {
    return RandomResizedCrop.cropResize(img, null, Math.max(0, (img.height() - s) / 3),
        Math.max(0, (img.width() - s) / 3), Math.min(s, img.height()), Math.min(s, img.width()), s, s).image();
  }

  /**
   * What {@link #score} scores, of side {@code s}: with {@code nativeCrops} each image's four corner
   * crops at its own resolution (the whole image resized when it is smaller), else each image resized.
   */
  public static List<Augmented> scoringCrops(List<Example> labeled, int s, boolean nativeCrops) {
    List<Augmented> out = new java.util.ArrayList<>();
    for (Example e : labeled) {
      AoiImage img = e.image();
      if (!nativeCrops || img.height() < s || img.width() < s) {
        out.add(RandomResizedCrop.cropResize(img, e.mask(), 0, 0, img.height(), img.width(), s, s));
        continue;
      }
      for (int top : new int[] {0, img.height() - s}) {
        for (int left : new int[] {0, img.width() - s}) {
          out.add(RandomResizedCrop.cropResize(img, e.mask(), top, left, s, s, s, s));
        }
      }
    }
    return out;
  }
}
