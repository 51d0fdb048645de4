package org.aoissl.data;

import java.util.Arrays;

/**
 * Builds {@link ChannelStats} in one pass over a stream of images, each seen once. Means and
 * variances are merged image by image with Chan et al.'s pairwise formula in double precision
 * (no {@code Σv² − n·mean²} cancellation), which is also how two accumulators {@link #combine}, so
 * images can be counted in parallel and merged.
 */
public final class ChannelStatsAccumulator {
  private final int channels;
  private long count;
  private final double[] mean;
  /** Sum of squared deviations from the running mean, per channel. */
  private final double[] m2;

  private final double[] min;
  private final double[] max;
  private final long[][] histogram;

  public ChannelStatsAccumulator(int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be positive; got " + channels);
    }
    this.channels = channels;
    this.mean = new double[channels];
    this.m2 = new double[channels];
    this.min = new double[channels];
    this.max = new double[channels];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    this.histogram = new long[channels][ChannelStats.BINS];
  }

  public int channels() {
    return channels;
  }

  /** Pixels counted so far, per channel. */
  public long count() {
    return count;
  }

  /** Counts every pixel of an image with the accumulator's channel count. */
  public void add(AoiImage image) {
    if (image.channels() != channels) {
      throw new IllegalArgumentException(
          "image has " + image.channels() + " channels; these statistics have " + channels);
    }
    int plane = image.height() * image.width();
    float[] data = image.data();
    for (int c = 0; c < channels; c++) {
      int from = c * plane;
      int to = from + plane;
      double sum = 0;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      long[] hist = histogram[c];
      for (int i = from; i < to; i++) {
        float v = data[i];
        sum += v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        hist[ChannelStats.bin(v)]++;
      }
      double imageMean = sum / plane;
      double imageM2 = 0;
      for (int i = from; i < to; i++) {
        double d = data[i] - imageMean;
        imageM2 += d * d;
      }
      merge(c, plane, imageMean, imageM2, lo, hi);
    }
    count += plane;
  }

  /** Adds everything another accumulator has counted; {@code other} is left as it was. */
  public void combine(ChannelStatsAccumulator other) {
    if (other.channels != channels) {
      throw new IllegalArgumentException(
          "cannot combine statistics of " + other.channels + " and " + channels + " channels");
    }
    if (other.count == 0) {
      return;
    }
    for (int c = 0; c < channels; c++) {
      merge(c, other.count, other.mean[c], other.m2[c], other.min[c], other.max[c]);
      for (int b = 0; b < ChannelStats.BINS; b++) {
        histogram[c][b] += other.histogram[c][b];
      }
    }
    count += other.count;
  }

  /** The statistics so far. */
  public ChannelStats result() {
    if (count == 0) {
      throw new IllegalStateException("no pixels counted yet");
    }
    double[] std = new double[channels];
    for (int c = 0; c < channels; c++) {
      std[c] = Math.sqrt(Math.max(0, m2[c] / count));
    }
    return new ChannelStats(channels, count, mean, std, min, max, histogram);
  }

  /** Merges a group of n pixels of channel c (before {@link #count} is advanced). */
  private void merge(int c, long n, double groupMean, double groupM2, double lo, double hi) {
    if (count == 0) {
      // Taken as is: the general formula could move a constant image's mean by an ulp.
      mean[c] = groupMean;
      m2[c] = groupM2;
    } else {
      long total = count + n;
      double delta = groupMean - mean[c];
      mean[c] += delta * ((double) n / total);
      m2[c] += groupM2 + delta * delta * ((double) count * n / total);
    }
    min[c] = Math.min(min[c], lo);
    max[c] = Math.max(max[c], hi);
  }
}
