package org.aoissl.data;

import java.util.Arrays;

/**
 * Per-channel statistics of a set of images: pixel count (per channel), mean, population standard
 * deviation, min, max and a {@value #BINS}-bin histogram over [0, 1] (bin {@code b} holds values in
 * {@code [b/256, (b+1)/256)}, the last bin also 1.0). Arrays are copied in and out, so a value of this
 * type never changes.
 */
public record ChannelStats(
    int channels,
    long count,
    double[] mean,
    double[] std,
    double[] min,
    double[] max,
    long[][] histogram) {
  public static final int BINS = 256;

  public ChannelStats {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be positive; got " + channels);
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive; got " + count);
    }
    mean = checked("mean", mean, channels);
    std = checked("std", std, channels);
    min = checked("min", min, channels);
    max = checked("max", max, channels);
    if (histogram.length != channels) {
      throw new IllegalArgumentException(
          "histogram has " + histogram.length + " channels, expected " + channels);
    }
    long[][] hist = new long[channels][];
    for (int c = 0; c < channels; c++) {
      if (std[c] < 0 || min[c] > max[c]) {
        throw new IllegalArgumentException(
            "channel " + c + ": std " + std[c] + " < 0 or min " + min[c] + " > max " + max[c]);
      }
      if (histogram[c].length != BINS) {
        throw new IllegalArgumentException(
            "channel " + c + " histogram has " + histogram[c].length + " bins, expected " + BINS);
      }
      long total = 0;
      for (long n : histogram[c]) {
        if (n < 0) {
          throw new IllegalArgumentException("channel " + c + " has a negative histogram count");
        }
        total += n;
      }
      if (total != count) {
        throw new IllegalArgumentException(
            "channel " + c + " histogram holds " + total + " pixels, expected " + count);
      }
      hist[c] = histogram[c].clone();
    }
    histogram = hist;
  }

  /** The histogram bin of a value in [0, 1]; values outside are put in the end bins. */
  public static int bin(float v) {
    int b = (int) (v * BINS);
    return b < 0 ? 0 : Math.min(BINS - 1, b);
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  @Override
  public double[] min() {
    return min.clone();
  }

  @Override
  public double[] max() {
    return max.clone();
  }

  @Override
  public long[][] histogram() {
    long[][] out = new long[channels][];
    for (int c = 0; c < channels; c++) {
      out[c] = histogram[c].clone();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelStats s
        && channels == s.channels
        && count == s.count
        && Arrays.equals(mean, s.mean)
        && Arrays.equals(std, s.std)
        && Arrays.equals(min, s.min)
        && Arrays.equals(max, s.max)
        && Arrays.deepEquals(histogram, s.histogram);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(mean) * 31 + Arrays.deepHashCode(histogram) + Long.hashCode(count);
  }

  @Override
  public String toString() {
    return "ChannelStats[channels=" + channels + ", count=" + count + ", mean="
        + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", min=" + Arrays.toString(min)
        + ", max=" + Arrays.toString(max) + "]";
  }

  private static double[] checked(String name, double[] values, int channels) {
    if (values.length != channels) {
      throw new IllegalArgumentException(
          name + " has " + values.length + " values, expected " + channels);
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(name + " must be finite; got " + v);
      }
    }
    return values.clone();
  }
}
