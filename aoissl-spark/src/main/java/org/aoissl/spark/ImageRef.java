package org.aoissl.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One image as the driver listed it and a task reads it: its id, device and the URIs of the files that
 * hold its channels (one per buffer, or one file with every channel), in the data layer's order.
 */
public record ImageRef(String id, String device, List<String> files) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ImageRef {
    files = List.copyOf(files);
  }

  /** The first file, which error messages and result rows name. */
  public String firstFile() {
    return files.get(0);
  }
}
