package org.aoissl.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Stops at a byte limit, so a body reader can never read into the footer. */
final class LimitedInputStream extends FilterInputStream {
  private long remaining;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.remaining = limit;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = super.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int r = super.read(b, off, (int) Math.min(len, remaining));
    if (r > 0) {
      remaining -= r;
    }
    return r;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(Math.min(n, remaining));
    remaining -= s;
    return s;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(super.available(), remaining);
  }
}
