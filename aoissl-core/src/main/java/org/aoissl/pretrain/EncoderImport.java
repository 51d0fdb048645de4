package org.aoissl.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.data.Normalization;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;
import org.aoissl.model.NamedParams;
import org.aoissl.model.Safetensors;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitImport;

/**
 * Turns published ViT weights (a safetensors file, see {@link VitImport}) into an encoder checkpoint the
 * rest of the tool reads like a pre-trained one ({@link PretrainCheckpoint#loadEncoder}, banks,
 * features): the generic pre-trained backbone of the paper's controls. The checkpoint's state has method
 * {@value #METHOD}, no training config, step 0, and the normalisation of the given images (ours are not
 * ImageNet-normalised); its provenance names the source file with its SHA-256 and every adaptation made.
 */
public final class EncoderImport {
  /** {@link PretrainState#method()} of an imported encoder. */
  public static final String METHOD = "import";

  /**
   * A written checkpoint.
   *
   * @param normalization computed from up to 64 of the given images
   * @param sha256 of the safetensors file
   * @param metadata the safetensors file's {@code __metadata__}
   */
  public record Result(Path checkpoint, VitImport.Result weights, Normalization normalization, String sha256,
      Map<String, String> metadata) {}

  private EncoderImport() {}

  /**
   * Imports {@code safetensors} for images like {@code samples} (channel count and normalisation from
   * them) and writes {@code out} atomically; nothing is written unless every weight fits.
   *
   * @param provenance entries to keep besides the import's own (data hash, code version, ...)
   */
  public static Result run(Path safetensors, VitImport.Options options, List<Sample> samples, Path out,
      Map<String, String> provenance) throws IOException {
    if (samples.isEmpty()) {
      throw new BadInputException(null, "no images to compute the normalisation from");
    }
    if (Files.exists(out)) {
      throw new BadInputException(out, "exists; choose a new --out");
    }
    Normalization norm = Normalization.of(PretrainData.statistics(samples, 64));
    VitImport.Result weights;
    Map<String, String> metadata;
    try (Safetensors st = Safetensors.open(safetensors)) {
      weights = VitImport.read(st, norm.channels(), options);
      metadata = st.metadata();
    }
    String sha = sha256(safetensors);
    Map<String, String> prov = new LinkedHashMap<>(provenance);
    prov.put("source", safetensors.getFileName().toString());
    prov.put("sourceSha256", sha);
    if (!metadata.isEmpty()) {
      prov.put("sourceMetadata", metadata.toString());
    }
    prov.putAll(weights.provenance());
    PretrainState state = new PretrainState(METHOD, weights.config(), null, null, 0, 0, norm.mean(), norm.std(),
        prov);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NamedParams params = new NamedParams(m.newSubManager(), 0);
      VisionTransformer vit = new VisionTransformer(weights.config(), params);
      weights.copyInto(vit);
      PretrainCheckpoint.save(out, state, params, null);
    }
    return new Result(out, weights, norm, sha, metadata);
  }

  /** SHA-256 of a file's bytes, lower-case hex. */
  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int r; (r = in.read(buf)) > 0; ) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
