package org.aoissl.data;

/**
 * A multi-label segmentation mask: K binary class planes plus one ignore plane, each H×W. A pixel may
 * belong to several classes (a wire over epoxy is both); an ignored pixel counts for no class in
 * training or evaluation.
 */
public final class Mask {
  private final int numClasses;
  private final int height;
  private final int width;
  /** Bit k of {@code bits[y * W + x]} is class k; at most 8 classes (see {@link ClassSet}). */
  private final byte[] bits;

  private final boolean[] ignore;

  public Mask(int numClasses, int height, int width) {
    if (numClasses < 1 || numClasses > 8 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "mask needs 1..8 classes and a positive size; got " + numClasses + " classes, "
              + width + "x" + height);
    }
    this.numClasses = numClasses;
    this.height = height;
    this.width = width;
    this.bits = new byte[height * width];
    this.ignore = new boolean[height * width];
  }

  public int numClasses() {
    return numClasses;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public boolean get(int k, int y, int x) {
    return (bits[y * width + x] & (1 << k)) != 0;
  }

  public void set(int k, int y, int x, boolean on) {
    checkClass(k);
    int i = y * width + x;
    bits[i] = (byte) (on ? bits[i] | (1 << k) : bits[i] & ~(1 << k));
  }

  /** All classes of a pixel as a bit set (bit k = class k). */
  public int classBits(int y, int x) {
    return bits[y * width + x] & 0xFF;
  }

  public void setClassBits(int y, int x, int classBits) {
    if ((classBits >>> numClasses) != 0) {
      throw new IllegalArgumentException(
          "class bits " + Integer.toBinaryString(classBits) + " name a class beyond " + numClasses);
    }
    bits[y * width + x] = (byte) classBits;
  }

  public boolean isIgnored(int y, int x) {
    return ignore[y * width + x];
  }

  public void setIgnored(int y, int x, boolean on) {
    ignore[y * width + x] = on;
  }

  /** Number of pixels of class k that are not ignored. */
  public long count(int k) {
    checkClass(k);
    long n = 0;
    for (int i = 0; i < bits.length; i++) {
      if (!ignore[i] && (bits[i] & (1 << k)) != 0) {
        n++;
      }
    }
    return n;
  }

  /** Number of ignored pixels. */
  public long ignoredCount() {
    long n = 0;
    for (boolean b : ignore) {
      if (b) {
        n++;
      }
    }
    return n;
  }

  public Mask copy() {
    Mask m = new Mask(numClasses, height, width);
    System.arraycopy(bits, 0, m.bits, 0, bits.length);
    System.arraycopy(ignore, 0, m.ignore, 0, ignore.length);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Mask m)) {
      return false;
    }
    return numClasses == m.numClasses && height == m.height && width == m.width
        && java.util.Arrays.equals(bits, m.bits) && java.util.Arrays.equals(ignore, m.ignore);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bits) * 31 + java.util.Arrays.hashCode(ignore);
  }

  @Override
  public String toString() {
    return "Mask[" + numClasses + " classes, " + width + "x" + height + "]";
  }

  private void checkClass(int k) {
    if (k < 0 || k >= numClasses) {
      throw new IndexOutOfBoundsException("class " + k + " of " + numClasses);
    }
  }
}
