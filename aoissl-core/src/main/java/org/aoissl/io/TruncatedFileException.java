package org.aoissl.io;

import java.nio.file.Path;

/** A persistent file of ours that cannot be loaded: the file ends early. */
public class TruncatedFileException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public TruncatedFileException(Path file, String problem) {
    super(file, problem);
  }
}
