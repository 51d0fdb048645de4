package org.aoissl.pretrain;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.aoissl.data.Normalization;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;

/**
 * The encoder a pre-training (or import) checkpoint holds — its ViT configuration, the input
 * normalisation it was trained with and its weights — read from the file once. Retrieval, fine-tuning
 * and embedding all take their encoder from here, so they agree on what a checkpoint means.
 */
public final class EncoderCheckpoint {
  private final Path file;
  private final PretrainCheckpoint.Loaded loaded;

  private EncoderCheckpoint(Path file, PretrainCheckpoint.Loaded loaded) {
    this.file = file;
    this.loaded = loaded;
  }

  /** Reads and checks {@code file} (header, version, CRC, kind). */
  public static EncoderCheckpoint read(Path file) throws IOException {
    return new EncoderCheckpoint(file, PretrainCheckpoint.load(file));
  }

  public Path file() {
    return file;
  }

  /** The run's metadata (method, step, provenance). */
  public PretrainState state() {
    return loaded.state();
  }

  public VitConfig vit() {
    return loaded.state().vit();
  }

  public Normalization normalization() {
    return loaded.state().normalization();
  }

  /** A short description for provenance: method, file name and step. */
  public String describe() {
    PretrainState st = loaded.state();
    return st.method() + " " + file.getFileName() + " (step " + st.step() + ")";
  }

  /** The encoder with its weights, its parameters on a child of {@code manager}. */
  public VisionTransformer encoder(NDManager manager) throws IOException {
    NamedParams params = new NamedParams(manager.newSubManager(), 0);
    VisionTransformer vit = new VisionTransformer(vit(), params);
    PretrainCheckpoint.restoreWeights(file, loaded.contents(), params);
    return vit;
  }

  /** Copies the encoder's weights into the same-named parameters of a larger model. */
  public void restoreInto(NamedParams params, java.util.Collection<String> names) throws IOException {
    PretrainCheckpoint.restoreWeights(file, loaded.contents(), params, names);
  }
}
