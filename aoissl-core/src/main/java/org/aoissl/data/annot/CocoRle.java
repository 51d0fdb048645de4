package org.aoissl.data.annot;

/**
 * COCO run-length encoding. A mask of height h and width w is read in column-major order (index
 * {@code x * h + y}) as alternating runs, background first: counts [3, 2, ...] = 3 background pixels, 2
 * foreground pixels, and so on; the counts sum to h × w.
 *
 * <p>The compressed string form (pycocotools {@code rleToString}) stores each count as a variable-length
 * signed integer in 6-bit groups, least significant first: character c carries the value {@code c - 48}
 * (so characters '0'..'o'), whose low 5 bits are data and bit 0x20 says "more groups follow"; in the last
 * group bit 0x10 is the sign (the value is sign-extended from there). From the fourth count on (index
 * i &gt; 2) the stored value is the difference {@code counts[i] - counts[i - 2]}.
 */
final class CocoRle {
  private CocoRle() {}

  /** Decodes the compressed string form; throws IllegalArgumentException with a one-line reason. */
  static long[] decode(String s) {
    long[] counts = new long[s.length()];
    int m = 0;
    int p = 0;
    while (p < s.length()) {
      long x = 0;
      int k = 0;
      boolean more = true;
      while (more) {
        if (p >= s.length()) {
          throw new IllegalArgumentException("compressed RLE string ends in the middle of a count");
        }
        int c = s.charAt(p) - 48;
        if (c < 0 || c > 63) {
          throw new IllegalArgumentException("compressed RLE string has the invalid character "
              + JsonSource.quote(String.valueOf(s.charAt(p))) + " at position " + p);
        }
        if (k > 11) {
          throw new IllegalArgumentException("compressed RLE string has a count too large at position " + p);
        }
        x |= (long) (c & 0x1f) << (5 * k);
        more = (c & 0x20) != 0;
        p++;
        k++;
        if (!more && (c & 0x10) != 0) {
          x |= -1L << (5 * k);
        }
      }
      if (m > 2) {
        x += counts[m - 2];
      }
      counts[m++] = x;
    }
    return java.util.Arrays.copyOf(counts, m);
  }

  /**
   * Checks that counts are non-negative and cover the h × w mask exactly; returns null when they do,
   * else the reason.
   */
  static String check(long[] counts, int h, int w) {
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        return "count " + i + " is negative (" + counts[i] + ")";
      }
      sum += counts[i];
      if (sum > (long) h * w) {
        break;
      }
    }
    if (sum != (long) h * w) {
      return "counts sum to " + (sum > (long) h * w ? "more than " + (long) h * w : sum)
          + ", but the mask has " + (long) h * w + " pixels (height " + h + " x width " + w + ")";
    }
    return null;
  }

  /** Paints the foreground runs of checked counts; column-major runs become 1-pixel spans. */
  static void paint(long[] counts, int h, SpanSink sink) {
    long pos = 0;
    for (int i = 0; i < counts.length; i++) {
      long end = pos + counts[i];
      if (i % 2 == 1) {
        for (long j = pos; j < end; j++) {
          int x = (int) (j / h);
          sink.span((int) (j % h), x, x + 1);
        }
      }
      pos = end;
    }
  }
}
