package org.aoissl.io;

import java.io.IOException;

/** Writes a file body to a stream; may throw I/O errors. */
@FunctionalInterface
public interface IoWriter<S> {
  void write(S out) throws IOException;
}
