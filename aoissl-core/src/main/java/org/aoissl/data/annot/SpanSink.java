package org.aoissl.data.annot;

/** Receives the pixels of a rasterised shape as horizontal runs; runs may overlap or repeat. */
@FunctionalInterface
interface SpanSink {
  /** Pixels {@code x0 <= x < x1} of row {@code y}; always inside the image and non-empty. */
  void span(int y, int x0, int x1);
}
