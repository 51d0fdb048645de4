package org.aoissl.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Input the user gave us is unusable: one file, one problem. The message is the single line the CLI
 * prints ("FILE: PROBLEM") before exiting with code 2.
 */
public class BadInputException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final String problem;

  public BadInputException(Path file, String problem) {
    this(file, problem, null);
  }

  public BadInputException(Path file, String problem, Throwable cause) {
    super((file == null ? "<input>" : file.toString()) + ": " + problem, cause);
    this.file = file;
    this.problem = problem;
  }

  /** The offending file or folder; may be null when the input was not a file. */
  public Path file() {
    return file;
  }

  /** The problem without the file name. */
  public String problem() {
    return problem;
  }
}
