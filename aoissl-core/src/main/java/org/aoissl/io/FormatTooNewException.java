package org.aoissl.io;

import java.nio.file.Path;

/** A persistent file of ours that cannot be loaded: written by a newer format version than this reader accepts. */
public class FormatTooNewException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public FormatTooNewException(Path file, String problem) {
    super(file, problem);
  }
}
