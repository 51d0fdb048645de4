package org.aoissl.refine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.aoissl.data.AoiImage;
import org.aoissl.finetune.SegPredictor;
import org.aoissl.io.CorruptFileException;
import org.aoissl.retrieval.ScoreRefiner;
import org.aoissl.retrieval.SegmentOptions;
import org.aoissl.train.CheckpointFile;

/** A trained refiner ready to run: image + retrieval scores in, per-class probabilities out. */
public final class Refiner implements ScoreRefiner, AutoCloseable {
  /** The metadata's {@code kind}. */
  static final String KIND = "aoissl-refiner";
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final RefinerState state;
  private final SegPredictor predictor;

  private Refiner(RefinerState state, SegPredictor predictor) {
    this.state = state;
    this.predictor = predictor;
  }

  /**
   * Opens a refiner stored in a bank.
   *
   * @param file the bank file, named in errors
   */
  public static Refiner open(CheckpointFile.Contents stored, Path file) throws IOException {
    RefinerState state = state(stored, file);
    return new Refiner(state, SegPredictor.of(state.finetune(), stored, file));
  }

  /** The metadata of a stored refiner, without loading its weights. */
  public static RefinerState state(CheckpointFile.Contents stored, Path file) throws IOException {
    try {
      JsonNode meta = JSON.readTree(stored.metadataJson());
      if (!KIND.equals(meta.path("kind").asText())) {
        throw new CorruptFileException(file, "corrupt: the stored refiner is a '" + meta.path("kind").asText() + "'");
      }
      return JSON.treeToValue(meta.get("state"), RefinerState.class);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      if (e instanceof CorruptFileException c) {
        throw c;
      }
      throw new CorruptFileException(file, "corrupt: the stored refiner's metadata cannot be read: " + e.getMessage());
    }
  }

  public RefinerState state() {
    return state;
  }

  @Override
  public SegmentOptions scoreOptions() {
    return state.scoreOptions();
  }

  @Override
  public float[] refine(AoiImage image, float[] scores) {
    if (image.channels() != state.imageChannels()) {
      throw new IllegalArgumentException("image has " + image.channels() + " channels; the refiner takes "
          + state.imageChannels());
    }
    return predictor.predict(RefinerInput.stack(image, scores, state.finetune().classes().size())).probabilities();
  }

  @Override
  public void close() {
    predictor.close();
  }
}
