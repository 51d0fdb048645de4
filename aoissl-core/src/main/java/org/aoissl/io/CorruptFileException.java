package org.aoissl.io;

import java.nio.file.Path;

/** A persistent file of ours that cannot be loaded: bytes do not match their checksum or structure. */
public class CorruptFileException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public CorruptFileException(Path file, String problem) {
    super(file, problem);
  }
}
