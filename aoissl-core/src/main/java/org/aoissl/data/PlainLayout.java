package org.aoissl.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aoissl.io.BadInputException;

/**
 * {@code images/} and optional {@code masks/} with matching stems. An image file holds every channel:
 * a grayscale PNG/TIFF/JPEG/BMP is one channel, a multi-page TIFF one channel per page. Masks are integer ids by
 * default, bit-packed when the manifest or {@code --labels bits} says so.
 */
final class PlainLayout {
  private PlainLayout() {}

  static boolean matches(Path root) {
    return Files.isDirectory(root.resolve("images"));
  }

  static Dataset open(Path root, ClassSet classes, LabelEncoding labels) throws IOException {
    Path imageDir = root.resolve("images");
    if (!Files.isDirectory(imageDir)) {
      throw new BadInputException(root, "plain layout needs an images/ folder");
    }
    Path maskDir = root.resolve("masks");
    List<BadInputException> problems = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    Map<String, Path> masks = new TreeMap<>();
    if (Files.isDirectory(maskDir)) {
      for (Path f : AoiSslLayout.list(maskDir)) {
        Path prev = masks.putIfAbsent(AoiSslLayout.stemOf(f), f);
        if (prev != null) {
          new SkippedInput(f, "duplicate stem", "two mask files share the stem " + AoiSslLayout.stemOf(f)
              + " (kept " + prev.getFileName() + ")").addTo(problems, skipped);
        }
      }
    }
    List<Sample> samples = new ArrayList<>();
    Map<String, Path> seen = new TreeMap<>();
    for (Path f : AoiSslLayout.list(imageDir)) {
      String stem = AoiSslLayout.stemOf(f);
      Path prev = seen.putIfAbsent(stem, f);
      if (prev != null) {
        new SkippedInput(f, "duplicate stem", "two image files share the stem " + stem + " (kept "
            + prev.getFileName() + ")").addTo(problems, skipped);
        continue;
      }
      Path mask = masks.remove(stem);
      if (mask == null && Files.isDirectory(maskDir)) {
        problems.add(new BadInputException(maskDir.resolve(stem + ".png"), "missing mask for image " + stem));
      }
      samples.add(new Sample(stem, Sample.deviceOf(stem), List.of(f), mask));
    }
    for (Path orphan : masks.values()) {
      new SkippedInput(orphan, "orphan label", "mask has no image in images/").addTo(problems, skipped);
    }
    return new Dataset(root, "plain", classes, labels, samples, problems, skipped, Map.of());
  }
}
