package org.aoissl.data;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.aoissl.io.CorruptFileException;
import org.aoissl.io.FormatUtil;

/**
 * Reads and writes {@link ChannelStats} files: codec {@value #CODEC}, format version {@value
 * #VERSION}, wrapped in {@link FormatUtil}'s header and CRC32 footer (atomic write; corrupt, truncated,
 * too old and too new files are told apart on read).
 *
 * <p>Body byte layout, version 1 (big-endian, as {@link DataOutputStream} writes):
 *
 * <pre>
 * int32   C           channel count, 1..{@value #MAX_CHANNELS}
 * int64   N           pixels counted per channel, at least 1
 * C times, channel by channel:
 *   float64 mean
 *   float64 std       population standard deviation, at least 0
 *   float64 min
 *   float64 max       at least min
 *   256 × int64       histogram counts over [0, 1], bin b = [b/256, (b+1)/256); they sum to N
 * </pre>
 *
 * A two-channel file is 4,210 bytes: 22 of header, 4,172 of body, 16 of footer.
 */
public final class StatsFile {
  public static final String CODEC = "aoissl.stats";
  public static final int VERSION = 1;
  /** A sanity bound so a damaged count cannot ask for absurd allocations. */
  public static final int MAX_CHANNELS = 1 << 16;

  private StatsFile() {}

  public static void write(Path file, ChannelStats stats) throws IOException {
    FormatUtil.write(file, CODEC, VERSION, out -> writeBody(out, stats));
  }

  /**
   * Reads a stats file.
   *
   * @throws org.aoissl.io.BadInputException (or a subclass: corrupt, truncated, too old, too new) when
   *     the file cannot be used
   */
  public static ChannelStats read(Path file) throws IOException {
    return FormatUtil.read(file, CODEC, VERSION, VERSION, (in, version) -> readBody(file, in));
  }

  private static void writeBody(DataOutputStream out, ChannelStats stats) throws IOException {
    int channels = stats.channels();
    double[] mean = stats.mean();
    double[] std = stats.std();
    double[] min = stats.min();
    double[] max = stats.max();
    long[][] hist = stats.histogram();
    out.writeInt(channels);
    out.writeLong(stats.count());
    for (int c = 0; c < channels; c++) {
      out.writeDouble(mean[c]);
      out.writeDouble(std[c]);
      out.writeDouble(min[c]);
      out.writeDouble(max[c]);
      for (long n : hist[c]) {
        out.writeLong(n);
      }
    }
  }

  private static ChannelStats readBody(Path file, DataInputStream in) throws IOException {
    int channels = in.readInt();
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw new CorruptFileException(
          file, "corrupt: channel count " + channels + " outside 1.." + MAX_CHANNELS);
    }
    long count = in.readLong();
    double[] mean = new double[channels];
    double[] std = new double[channels];
    double[] min = new double[channels];
    double[] max = new double[channels];
    long[][] hist = new long[channels][ChannelStats.BINS];
    for (int c = 0; c < channels; c++) {
      mean[c] = in.readDouble();
      std[c] = in.readDouble();
      min[c] = in.readDouble();
      max[c] = in.readDouble();
      for (int b = 0; b < ChannelStats.BINS; b++) {
        hist[c][b] = in.readLong();
      }
    }
    try {
      return new ChannelStats(channels, count, mean, std, min, max, hist);
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(file, "corrupt: " + e.getMessage());
    }
  }
}
