package org.aoissl.embed;

import java.io.IOException;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Resize;
import org.aoissl.data.Sample;
import org.aoissl.inspect.ModelInput;
import org.aoissl.model.FeatureFile;
import org.aoissl.retrieval.PatchEncoder;

/**
 * One image's encoder features as {@code aoissl embed} writes them, so the command line and the Spark
 * job give the same floats for the same image.
 */
public final class ImageEmbedding {
  private ImageEmbedding() {}

  /** Resizes to a size the encoder takes: {@code size} if given, else the largest patch multiple. */
  public static AoiImage fit(AoiImage img, Integer size, int patch) {
    int h = size != null ? size : img.height() / patch * patch;
    int w = size != null ? size : img.width() / patch * patch;
    return Resize.image(img, h, w);
  }

  /**
   * Reads, fits and encodes one sample: its CLS vector and patch grid as they leave the last block.
   *
   * @param size square side to resize to, or null for the image's own size cut down to patch multiples
   */
  public static FeatureFile.Entry of(PatchEncoder enc, Sample s, Integer size) throws IOException {
    AoiImage img = fit(ModelInput.read(s, enc.id().channels(), "the encoder"), size, enc.patchSize());
    PatchEncoder.Encoded f = enc.features(img);
    return new FeatureFile.Entry(s.id(), s.device(), f.gridH(), f.gridW(), f.cls(), f.patches());
  }

  /** The encoder identity written beside features: checkpoint file name and its CRC32. */
  public static String encoderName(PatchEncoder enc) {
    return enc.id().checkpoint() + "@" + enc.id().checksum();
  }
}
