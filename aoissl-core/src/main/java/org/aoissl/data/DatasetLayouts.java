package org.aoissl.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aoissl.io.BadInputException;

/**
 * Opens a dataset folder in any supported layout. The layout comes from, in order: the caller's option,
 * the folder's {@code dataset.json}, or detection from the folder's contents.
 */
public final class DatasetLayouts {
  public static final List<String> NAMES = List.of("aoi-ssl", "bitmask", "plain", "coco", "via");

  private DatasetLayouts() {}

  /** Opens one dataset folder. */
  public static Dataset open(Path root, DatasetOptions options) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new BadInputException(root, Files.exists(root) ? "not a folder" : "folder not found");
    }
    DatasetManifest manifest = DatasetManifest.readIfPresent(root);
    String layout = options.layout();
    if (layout == null && manifest != null) {
      layout = manifest.layout();
    }
    if (layout == null) {
      layout = detect(root);
    }
    if (layout == null) {
      throw new BadInputException(
          root, "cannot tell the dataset layout: expected image/<stem>_buffer0.png (aoi-ssl), images/ "
              + "(plain) or a COCO/VIA .json; name it with --layout");
    }
    ClassSet classes = options.classes() != null ? options.classes()
        : manifest != null && manifest.classes() != null ? manifest.classes() : ClassSet.DEFAULT;
    LabelEncoding labels = options.labels() != null ? options.labels()
        : manifest != null && manifest.labels() != null ? manifest.labels() : null;
    return switch (layout) {
      case "aoi-ssl" -> AoiSslLayout.open(root, "aoi-ssl", classes, orDefault(labels, LabelEncoding.IDS));
      case "bitmask" -> AoiSslLayout.open(root, "bitmask", classes, orDefault(labels, LabelEncoding.BITS));
      case "plain" -> PlainLayout.open(root, classes, orDefault(labels, LabelEncoding.IDS));
      case "coco", "via" -> AnnotationLayout.open(root, layout, options, classes);
      default -> throw new BadInputException(
          root, "unknown layout '" + layout + "'; expected one of " + String.join(", ", NAMES));
    };
  }

  /**
   * The datasets under a folder: the folder itself when it is one, else each sub-folder that is one (a
   * split root such as {@code pretrain/ train/ val/ test/}), sorted by name.
   */
  public static List<Dataset> openAll(Path root, DatasetOptions options) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new BadInputException(root, Files.exists(root) ? "not a folder" : "folder not found");
    }
    if (options.layout() != null || isDataset(root)) {
      return List.of(open(root, options));
    }
    List<Dataset> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      for (Path sub : s.filter(Files::isDirectory).sorted().toList()) {
        if (isDataset(sub)) {
          out.add(open(sub, options));
        }
      }
    }
    if (out.isEmpty()) {
      throw new BadInputException(root, "empty dataset: no images found (expected image/<stem>_buffer0.png, "
          + "images/, or split folders holding them)");
    }
    return out;
  }

  /** The detected layout name, or null. */
  public static String detect(Path root) throws IOException {
    if (AoiSslLayout.imageDir(root) != null) {
      return "aoi-ssl";
    }
    if (PlainLayout.matches(root) && !Files.isDirectory(root.resolve("masks"))) {
      String annotations = AnnotationLayout.detect(root);
      if (annotations != null) {
        return annotations;
      }
    }
    if (PlainLayout.matches(root)) {
      return "plain";
    }
    return AnnotationLayout.detect(root);
  }

  private static boolean isDataset(Path dir) throws IOException {
    return Files.isRegularFile(dir.resolve(DatasetManifest.FILE_NAME)) || detect(dir) != null;
  }

  private static LabelEncoding orDefault(LabelEncoding v, LabelEncoding d) {
    return v != null ? v : d;
  }
}
