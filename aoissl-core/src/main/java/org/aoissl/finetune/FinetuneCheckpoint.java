package org.aoissl.finetune;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.aoissl.model.NamedParams;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.train.AdamW;
import org.aoissl.train.CheckpointFile;

/**
 * Fine-tuning checkpoints in the {@link CheckpointFile} container (header, version, CRC32, atomic
 * write): tensors {@code model/NAME} (encoder by timm name, head as {@code head.…}; the U-Net's
 * by its own names, BatchNorm statistics included) and {@code
 * optim/m|v/NAME}, and {@link FinetuneState} as JSON metadata with {@code "kind": "aoissl-finetune"}.
 */
public final class FinetuneCheckpoint {
  static final String KIND = "aoissl-finetune";

  /** A checkpoint read from disk. */
  public record Loaded(FinetuneState state, CheckpointFile.Contents contents) {}

  private FinetuneCheckpoint() {}

  public static void save(Path file, FinetuneState state, NamedParams params, AdamW optimizer) throws IOException {
    PretrainCheckpoint.save(file, KIND, state, params, optimizer);
  }

  public static Loaded load(Path file) throws IOException {
    CheckpointFile.Contents c = CheckpointFile.read(file);
    return new Loaded(PretrainCheckpoint.state(file, c, KIND, FinetuneState.class, "not a fine-tuning checkpoint; "
        + "segment with a bank for pre-training checkpoints"), c);
  }

  /** The trained model of a checkpoint, weights restored, on a child of {@code manager}. */
  public static Segmenter open(Path file, NDManager manager) throws IOException {
    Loaded l = load(file);
    return open(file, l, manager);
  }

  static Segmenter open(Path file, Loaded l, NDManager manager) throws IOException {
    Segmenter model = l.state().newModel(manager);
    try {
      PretrainCheckpoint.restoreWeights(file, l.contents(), model.params());
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
