package org.aoissl.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.aoissl.data.Overlay;

/**
 * The output folder of {@code segment} and {@code predict}: labels/, masks/ and overlays/. Shared by the
 * command line and the Spark jobs so both write the same files, byte for byte, under the same names.
 */
public final class PredictionFolder {
  /** The sub-folders, in the order {@link #write} fills them. */
  public static final List<String> SUBFOLDERS = List.of("labels", "masks", "overlays");

  private PredictionFolder() {}

  /** Makes the three sub-folders in a (staged) output folder. */
  public static void create(Path dir) throws IOException {
    for (String sub : SUBFOLDERS) {
      Files.createDirectories(dir.resolve(sub));
    }
  }

  /** A bit-packed multi-label PNG, one PNG per class, and a colour overlay on buffer 0. */
  public static void write(Path dir, String id, AoiImage image, Mask mask, ClassSet classes) throws IOException {
    MaskCodec.write(dir.resolve("labels/" + id + ".png"), mask, LabelEncoding.BITS);
    MaskCodec.writePerClass(dir.resolve("masks"), id, mask, classes);
    ImageCodec.writeRgb(dir.resolve("overlays/" + id + ".png"), Overlay.render(image, 0, mask, 0.45f));
  }
}
