package org.aoissl.io;

import java.io.DataInputStream;
import java.io.IOException;

/** Reads a file body of a given format version. */
@FunctionalInterface
public interface IoReader<T> {
  T read(DataInputStream in, int version) throws IOException;
}
