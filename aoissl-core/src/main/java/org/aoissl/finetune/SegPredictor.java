package org.aoissl.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.aoissl.data.Normalization;
import org.aoissl.model.TiledLogits;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.ScoreMaps;
import org.aoissl.retrieval.Thresholds;
import org.aoissl.train.CheckpointFile;

/**
 * Segments whole images with a fine-tuned model. A ViT's input is resized to whole patches (as retrieval
 * does) and each class's sigmoid resized back bilinearly; a U-Net takes the image as it is, whole up to
 * {@value #WHOLE_PIXELS} pixels and above that in overlapping, cross-faded tiles of {@value #TILE}² (native
 * memory stays bounded). Classes are thresholded at 0.5.
 */
public final class SegPredictor implements AutoCloseable {
  /** Per-class probabilities {@code [K, H, W]} and the thresholded mask. */
  public record Prediction(float[] probabilities, Mask mask, long nanos) {}

  private final NDManager manager;
  private final Segmenter model;
  private final FinetuneState state;
  private final Normalization norm;

  /** Largest image a U-Net segments in one piece. */
  static final long WHOLE_PIXELS = 2048L * 2048;

  static final int TILE = 1024;
  static final int OVERLAP = 128;

  private SegPredictor(NDManager manager, Segmenter model, FinetuneState state) {
    this.manager = manager;
    this.model = model;
    this.state = state;
    this.norm = state.normalization();
  }

  /** Loads a fine-tuning checkpoint. */
  public static SegPredictor open(Path checkpoint) throws IOException {
    FinetuneCheckpoint.Loaded l = FinetuneCheckpoint.load(checkpoint);
    NDManager m = Engine.getEngine("PyTorch").newBaseManager();
    try {
      return new SegPredictor(m, FinetuneCheckpoint.open(checkpoint, l, m), l.state());
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /**
   * A model whose checkpoint contents are held elsewhere (a refiner stored in a bank).
   *
   * @param file the file that holds them, named in errors
   */
  public static SegPredictor of(FinetuneState state, CheckpointFile.Contents contents, Path file) throws IOException {
    NDManager m = Engine.getEngine("PyTorch").newBaseManager();
    try {
      return new SegPredictor(m, FinetuneCheckpoint.open(file, new FinetuneCheckpoint.Loaded(state, contents), m),
          state);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  public FinetuneState state() {
    return state;
  }

  public ClassSet classes() {
    return new ClassSet(state.classes());
  }

  public int channels() {
    return state.channels();
  }

  public Prediction predict(AoiImage image) {
    long t0 = System.nanoTime();
    if (image.channels() != channels()) {
      throw new IllegalArgumentException("image has " + image.channels() + " channels; the model takes " + channels());
    }
    AoiImage fitted = model.sizeMultiple() == 1 ? image : PatchEncoder.fitImage(image, model.sizeMultiple());
    int h = fitted.height();
    int w = fitted.width();
    int k = state.classes().size();
    float[] probs;
    try (NDManager sm = manager.newSubManager(); NDScope scope = new NDScope()) {
      NDArray x = sm.create(norm.apply(fitted), new Shape(1, fitted.channels(), h, w));
      NDArray logits = (long) h * w <= WHOLE_PIXELS ? model.logits(x, false)
          : TiledLogits.forward(t -> model.logits(t, false), x, TILE, OVERLAP, model.tileAlignment());
      probs = Activation.sigmoid(logits).toFloatArray(); // [1, K, h, w]
    }
    if (h != image.height() || w != image.width()) {
      probs = ScoreMaps.upsample(probs, k, h, w, image.height(), image.width());
    }
    float[] half = new float[k];
    Arrays.fill(half, 0.5f);
    Mask mask = Thresholds.apply(probs, half, k, image.height(), image.width());
    return new Prediction(probs, mask, System.nanoTime() - t0);
  }

  @Override
  public void close() {
    model.close();
    manager.close();
  }
}
