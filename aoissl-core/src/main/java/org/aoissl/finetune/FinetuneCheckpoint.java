package org.aoissl.finetune;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.aoissl.model.NamedParams;
import org.aoissl.train.AdamW;
import org.aoissl.train.CheckpointFile;
import org.aoissl.pretrain.PretrainCheckpoint;

/**
 * Fine-tuning checkpoints in the {@link CheckpointFile} container (header, version, CRC32, atomic
 * write): tensors {@code model/NAME} (encoder by timm name, head as {@code head.…}) and {@code
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
  public static SegModel open(Path file, NDManager manager) throws IOException {
    Loaded l = load(file);
    return open(file, l, manager);
  }

  static SegModel open(Path file, Loaded l, NDManager manager) throws IOException {
    FinetuneState st = l.state();
    SegModel model = new SegModel(st.vit(), st.config().head(), st.classes().size(), st.encoderFrozen(), manager,
        st.config().seed());
    try {
      PretrainCheckpoint.restoreWeights(file, l.contents(), model.params());
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
