package org.aoissl.pretrain;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aoissl.io.BadInputException;
import org.aoissl.io.CorruptFileException;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VisionTransformer;
import org.aoissl.train.AdamW;
import org.aoissl.train.CheckpointFile;
import org.aoissl.train.NamedTensor;

/**
 * Saves and restores a pre-training run through {@link CheckpointFile}: tensors {@code model/NAME} (every
 * parameter by its stable name), {@code optim/m/NAME} and {@code optim/v/NAME} (AdamW moments), and the
 * {@link PretrainState} as JSON metadata (with {@code "kind": "aoissl-pretrain"}).
 */
public final class PretrainCheckpoint {
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final String MODEL = "model/";
  private static final String OPTIM = "optim/";

  /** A checkpoint read from disk. */
  public record Loaded(PretrainState state, CheckpointFile.Contents contents) {}

  private PretrainCheckpoint() {}

  public static void save(Path file, PretrainState state, NamedParams params, AdamW optimizer) throws IOException {
    save(file, "aoissl-pretrain", state, params, optimizer);
  }

  /**
   * Writes weights ({@code model/NAME}), AdamW moments ({@code optim/…}, when an optimizer is given) and
   * {@code {"kind": kind, "state": state}} as metadata: the layout every training checkpoint shares.
   */
  public static void save(Path file, String kind, Object state, NamedParams params, AdamW optimizer)
      throws IOException {
    Map<String, NamedTensor> tensors = new LinkedHashMap<>();
    for (NamedParams.Entry e : params.entries()) {
      tensors.put(MODEL + e.name(), NamedTensor.of(MODEL + e.name(), e.array()));
    }
    if (optimizer != null) {
      optimizer.stateArrays().forEach((k, a) -> tensors.put(OPTIM + k, NamedTensor.of(OPTIM + k, a)));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("kind", kind);
    meta.put("state", state);
    CheckpointFile.write(file, new CheckpointFile.Contents(JSON.writeValueAsString(meta), tensors));
  }

  public static Loaded load(Path file) throws IOException {
    CheckpointFile.Contents c = CheckpointFile.read(file);
    return new Loaded(state(file, c, "aoissl-pretrain", PretrainState.class, "not a pre-training checkpoint"), c);
  }

  /**
   * The {@code state} metadata of a checkpoint written by {@link #save(Path, String, Object, NamedParams, AdamW)}
   * with the given {@code kind}; another kind is refused with {@code wrongKind} and the kind found.
   */
  public static <T> T state(Path file, CheckpointFile.Contents c, String kind, Class<T> type, String wrongKind)
      throws IOException {
    try {
      var root = JSON.readTree(c.metadataJson());
      String found = root.path("kind").asText("unknown");
      if (!kind.equals(found)) {
        throw new BadInputException(file, wrongKind + " (it is " + found + ")");
      }
      return JSON.treeToValue(root.get("state"), type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new CorruptFileException(file, "checkpoint metadata cannot be read: " + e.getMessage());
    }
  }

  /** Copies saved weights into {@code params}; every name and shape must match. */
  public static void restoreWeights(Path file, CheckpointFile.Contents c, NamedParams params) throws IOException {
    restoreWeights(file, c, params, params.names());
  }

  /**
   * Copies saved weights of the named parameters into {@code params} (a pre-trained encoder into a
   * larger model); every one must be in the file with the same shape.
   */
  public static void restoreWeights(Path file, CheckpointFile.Contents c, NamedParams params,
      java.util.Collection<String> names) throws IOException {
    for (String name : names) {
      NamedParams.Entry e = params.entry(name);
      NamedTensor t = c.tensors().get(MODEL + e.name());
      if (t == null) {
        throw new BadInputException(file, "checkpoint has no weights for " + e.name());
      }
      NDArray a = e.array();
      if (!Arrays.equals(t.shape(), a.getShape().getShape())) {
        throw new BadInputException(file, "weights " + e.name() + " have shape " + Arrays.toString(t.shape())
            + ", the model needs " + a.getShape());
      }
      a.set(t.data());
    }
  }

  /** Restores AdamW moments and its step count. */
  public static void restoreOptimizer(CheckpointFile.Contents c, AdamW optimizer, long steps, NDManager scratch) {
    Map<String, NDArray> state = new LinkedHashMap<>();
    try (NDManager m = scratch.newSubManager()) {
      c.tensors().forEach((k, t) -> {
        if (k.startsWith(OPTIM)) {
          state.put(k.substring(OPTIM.length()), t.toNDArray(m));
        }
      });
      optimizer.restore(state, steps);
    }
  }

  /** The pre-trained encoder of a checkpoint, with its weights, on a child of {@code manager}. */
  public static VisionTransformer loadEncoder(Path file, NDManager manager) throws IOException {
    return EncoderCheckpoint.read(file).encoder(manager);
  }
}
