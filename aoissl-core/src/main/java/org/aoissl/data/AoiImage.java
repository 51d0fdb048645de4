package org.aoissl.data;

import java.util.Arrays;

/**
 * A C×H×W float image with values in [0, 1], channel-major ({@code data[(c * H + y) * W + x]}), plus
 * the bit depth it came from (8 or 16), so it can be written back without loss. Any C ≥ 1: two for
 * the paper's buffer pairs, one for ordinary grayscale AOI.
 *
 * <p>The pixel array is shared, not copied, by {@link #data()} for speed; treat images as values and
 * copy before changing one that others hold.
 */
public final class AoiImage {
  private final int channels;
  private final int height;
  private final int width;
  private final int bitDepth;
  private final float[] data;

  public AoiImage(int channels, int height, int width, int bitDepth, float[] data) {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "image shape must be positive; got " + channels + "x" + height + "x" + width);
    }
    if (bitDepth != 8 && bitDepth != 16) {
      throw new IllegalArgumentException("bit depth must be 8 or 16; got " + bitDepth);
    }
    if (data.length != channels * height * width) {
      throw new IllegalArgumentException(
          "data length " + data.length + " != " + channels + "*" + height + "*" + width);
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.bitDepth = bitDepth;
    this.data = data;
  }

  /** A black image. */
  public static AoiImage zeros(int channels, int height, int width, int bitDepth) {
    return new AoiImage(channels, height, width, bitDepth, new float[channels * height * width]);
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int bitDepth() {
    return bitDepth;
  }

  /** The backing array, channel-major; shared, not copied. */
  public float[] data() {
    return data;
  }

  public float get(int c, int y, int x) {
    return data[(c * height + y) * width + x];
  }

  public void set(int c, int y, int x, float v) {
    data[(c * height + y) * width + x] = v;
  }

  /** A copy of one channel plane, H×W row-major. */
  public float[] channel(int c) {
    int plane = height * width;
    return Arrays.copyOfRange(data, c * plane, (c + 1) * plane);
  }

  /** A deep copy. */
  public AoiImage copy() {
    return new AoiImage(channels, height, width, bitDepth, data.clone());
  }

  /** A new image with the same shape and bit depth over other pixels. */
  public AoiImage withData(float[] newData) {
    return new AoiImage(channels, height, width, bitDepth, newData);
  }

  /** Largest integer value of the bit depth: 255 or 65535. */
  public int maxValue() {
    return bitDepth == 8 ? 255 : 65535;
  }

  /** Stacks single-channel (or any-channel) images of equal size into one image. */
  public static AoiImage stack(java.util.List<AoiImage> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to stack");
    }
    AoiImage first = parts.get(0);
    int c = 0;
    int depth = 8;
    for (AoiImage p : parts) {
      if (p.height != first.height || p.width != first.width) {
        throw new IllegalArgumentException(
            "cannot stack " + p.width + "x" + p.height + " with " + first.width + "x" + first.height);
      }
      c += p.channels;
      depth = Math.max(depth, p.bitDepth);
    }
    float[] out = new float[c * first.height * first.width];
    int off = 0;
    for (AoiImage p : parts) {
      System.arraycopy(p.data, 0, out, off, p.data.length);
      off += p.data.length;
    }
    return new AoiImage(c, first.height, first.width, depth, out);
  }

  @Override
  public String toString() {
    return "AoiImage[" + channels + "x" + height + "x" + width + ", " + bitDepth + "-bit]";
  }
}
