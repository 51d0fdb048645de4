package org.aoissl.data;

import java.nio.file.Path;
import java.util.List;

/**
 * One image of a dataset as found on disk: its id (file stem without buffer suffix), its device id,
 * the files that hold its channels (one per buffer, or one file with every channel), and its label file
 * if any (null when unlabeled, or when the label comes from an annotation file).
 */
public record Sample(String id, String device, List<Path> imageFiles, Path labelFile) {
  public Sample {
    imageFiles = List.copyOf(imageFiles);
    if (imageFiles.isEmpty()) {
      throw new IllegalArgumentException("sample " + id + " has no image files");
    }
  }

  /** The device id of a stem: the part before the first underscore, or "default" when there is none. */
  public static String deviceOf(String stem) {
    int u = stem.indexOf('_');
    return u > 0 ? stem.substring(0, u) : "default";
  }
}
