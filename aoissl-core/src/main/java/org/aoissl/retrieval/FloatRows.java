package org.aoissl.retrieval;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only table of fixed-width float rows in chunks of {@value #CHUNK_ROWS} rows, so a bank can
 * grow to hundreds of megabytes without ever copying what it holds (a doubling array would copy it
 * repeatedly and briefly need twice the memory).
 */
final class FloatRows {
  static final int CHUNK_SHIFT = 12;
  static final int CHUNK_ROWS = 1 << CHUNK_SHIFT;
  private static final int MASK = CHUNK_ROWS - 1;

  private final int width;
  private final List<float[]> chunks = new ArrayList<>();
  private int rows;

  FloatRows(int width) {
    if (width < 1) {
      throw new IllegalArgumentException("row width must be positive; got " + width);
    }
    this.width = width;
  }

  int width() {
    return width;
  }

  int rows() {
    return rows;
  }

  /** Appends {@code n} rows from {@code src[off..off + n·width)}. */
  void addRows(float[] src, int off, int n) {
    int done = 0;
    while (done < n) {
      int inChunk = rows & MASK;
      if (inChunk == 0 && (rows >>> CHUNK_SHIFT) == chunks.size()) {
        chunks.add(new float[CHUNK_ROWS * width]);
      }
      int take = Math.min(n - done, CHUNK_ROWS - inChunk);
      System.arraycopy(src, off + done * width, chunks.get(rows >>> CHUNK_SHIFT), inChunk * width, take * width);
      rows += take;
      done += take;
    }
  }

  float get(int row, int col) {
    return chunks.get(row >>> CHUNK_SHIFT)[(row & MASK) * width + col];
  }

  /** Copies rows {@code [from, to)} to {@code dst[off..)}, row-major. */
  void copy(int from, int to, float[] dst, int off) {
    if (from < 0 || to > rows || from > to) {
      throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + rows);
    }
    int r = from;
    while (r < to) {
      int inChunk = r & MASK;
      int take = Math.min(to - r, CHUNK_ROWS - inChunk);
      System.arraycopy(chunks.get(r >>> CHUNK_SHIFT), inChunk * width, dst, off + (r - from) * width, take * width);
      r += take;
    }
  }
}
