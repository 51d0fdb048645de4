package org.aoissl.io;

import java.nio.file.Path;

/** A persistent file of ours that cannot be loaded: written by an older format version than this reader accepts. */
public class FormatTooOldException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public FormatTooOldException(Path file, String problem) {
    super(file, problem);
  }
}
