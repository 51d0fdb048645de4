package org.aoissl.retrieval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.aoissl.io.CorruptFileException;
import org.aoissl.io.FormatUtil;

/**
 * An {@link IvfLayout} on disk, beside its bank ({@code BANK.ivf}): codec {@value #CODEC}, version
 * {@value #VERSION}, header and CRC32 footer by {@link FormatUtil}, written atomically. The keys stay
 * in the bank; the file records a checksum of the keys it indexes ({@link #keysChecksum}), so an index
 * meets only the bank it was built for, and a bank that grew by appended keys can be brought up to date
 * by assigning the new ones.
 *
 * <pre>
 * body: int32 size, int32 dim, int32 trained, int32 cells, int64 keys checksum,
 *       cells × dim float32 centroids,
 *       per cell: int32 count, count × int32 entry ids (ascending)
 * </pre>
 */
public final class IvfFile {
  public static final String CODEC = "aoissl.ivf";
  public static final int VERSION = 1;

  /** A stored layout and the checksum of the keys it indexes. */
  public record Saved(IvfLayout layout, long keysChecksum) {}

  private IvfFile() {}

  public static void write(Path file, IvfLayout layout, long keysChecksum) throws IOException {
    FormatUtil.write(file, CODEC, VERSION, out -> {
      out.writeInt(layout.size());
      out.writeInt(layout.dim());
      out.writeInt(layout.trained());
      out.writeInt(layout.cells());
      out.writeLong(keysChecksum);
      for (float v : layout.centroids()) {
        out.writeFloat(v);
      }
      for (int[] m : layout.members()) {
        out.writeInt(m.length);
        for (int id : m) {
          out.writeInt(id);
        }
      }
    });
  }

  public static Saved read(Path file) throws IOException {
    return FormatUtil.read(file, CODEC, 1, VERSION, (in, v) -> {
      int size = in.readInt();
      int dim = in.readInt();
      int trained = in.readInt();
      int cells = in.readInt();
      long crc = in.readLong();
      if (size < 0 || dim < 1 || dim > 65_536 || cells < 1 || cells > Math.max(1, size) || trained < 0) {
        throw new CorruptFileException(file, "corrupt: " + size + " entries, dim " + dim + ", " + cells + " cells");
      }
      float[] centroids = new float[cells * dim];
      for (int i = 0; i < centroids.length; i++) {
        centroids[i] = in.readFloat();
      }
      int[][] members = new int[cells][];
      long total = 0;
      for (int j = 0; j < cells; j++) {
        int count = in.readInt();
        total += count;
        if (count < 0 || total > size) {
          throw new CorruptFileException(file, "corrupt: cell " + j + " holds " + count + " entries");
        }
        members[j] = new int[count];
        for (int r = 0; r < count; r++) {
          int id = in.readInt();
          if (id < 0 || id >= size || (r > 0 && id <= members[j][r - 1])) {
            throw new CorruptFileException(file, "corrupt: cell " + j + " lists entry " + id);
          }
          members[j][r] = id;
        }
      }
      if (total != size) {
        throw new CorruptFileException(file, "corrupt: cells hold " + total + " of " + size + " entries");
      }
      return new Saved(new IvfLayout(size, dim, trained, centroids, members), crc);
    });
  }

  /** CRC32 of the first {@code n} keys' float bits ({@code [n, dim]}, big-endian): which keys an index covers. */
  public static long keysChecksum(float[] keys, int n, int dim) {
    CRC32 crc = new CRC32();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    long total = (long) n * dim;
    for (long i = 0; i < total; i++) {
      if (!buf.hasRemaining()) {
        crc.update(buf.flip());
        buf.clear();
      }
      buf.putFloat(keys[(int) i]);
    }
    crc.update(buf.flip());
    crc.update(ByteBuffer.allocate(8).putInt(n).putInt(dim).flip());
    return crc.getValue();
  }
}
