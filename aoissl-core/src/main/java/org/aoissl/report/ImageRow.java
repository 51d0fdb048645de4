package org.aoissl.report;

import java.util.List;

/** One row of an {@link ImageGrid}: a label (e.g. the image id) and its captioned images. */
public record ImageRow(String label, List<ReportImage> images) {
  public ImageRow {
    label = label == null ? "" : label;
    images = List.copyOf(images);
  }
}
