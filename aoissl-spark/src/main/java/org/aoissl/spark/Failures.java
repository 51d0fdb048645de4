package org.aoissl.spark;

import java.io.IOException;
import org.aoissl.io.BadInputException;

/**
 * What a task does with an exception while handling one image. Bad input (an unreadable or corrupt file,
 * a channel count the model does not take, an image smaller than a patch) fails that image's row; anything
 * else fails the task, so Spark retries it (an executor out of memory, a broken engine).
 */
final class Failures {
  private Failures() {}

  /** The one line stored in the error column, or null when {@code e} must fail the task. */
  static String rowError(Exception e, ImageRef ref) {
    if (e instanceof BadInputException b) {
      return b.getMessage();
    }
    if (e instanceof IOException || e instanceof IllegalArgumentException) {
      return ref.firstFile() + ": " + e.getMessage();
    }
    return null;
  }
}
