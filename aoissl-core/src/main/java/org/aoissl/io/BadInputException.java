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

  /**
   * The line to print when {@code e} is the user's fault (exit code 2), or null for a fault of ours: a
   * {@code BadInputException} anywhere in its causes, or an {@code IllegalArgumentException} (an option out of
   * range) thrown by a command itself. Every entry point maps failures to exit codes by this one rule.
   */
  public static String userFault(Throwable e) {
    Throwable t = e;
    while (t != null && !(t instanceof BadInputException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof BadInputException bad) {
      return bad.getMessage();
    }
    return e instanceof IllegalArgumentException ? e.getMessage() : null;
  }
}
