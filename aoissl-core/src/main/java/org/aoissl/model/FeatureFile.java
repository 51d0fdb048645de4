package org.aoissl.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.io.CorruptFileException;
import org.aoissl.io.FormatUtil;
import org.aoissl.io.IoWriter;

/**
 * Encoder features of a set of images: per image its CLS vector and patch-token grid. Written by {@code
 * aoissl embed}, read by retrieval. Codec {@value #CODEC}, version {@value #VERSION}, in {@link
 * FormatUtil}'s envelope.
 *
 * <p>Body, version 1 (big-endian):
 *
 * <pre>
 * UTF    encoder identity (checkpoint file name and its CRC32)
 * int32  D feature width
 * int32  N images
 * N times: UTF id, UTF device, int32 h, int32 w, float32 × D cls, float32 × h·w·D patches ([h, w, D] row-major)
 * </pre>
 */
public final class FeatureFile {
  public static final String CODEC = "aoissl.features";
  public static final int VERSION = 1;

  /** One image's features. */
  public record Entry(String id, String device, int gridH, int gridW, float[] cls, float[] patches) {}

  /** A whole file. */
  public record Contents(String encoder, int dim, List<Entry> entries) {}

  /** Streams entries out as they are produced. */
  @FunctionalInterface
  public interface Producer {
    void produce(IoWriter<Entry> sink) throws IOException;
  }

  private FeatureFile() {}

  /** Writes {@code count} entries, which {@code producer} hands over one at a time. */
  public static void write(Path file, String encoder, int dim, int count, Producer producer) throws IOException {
    FormatUtil.write(file, CODEC, VERSION, out -> {
      out.writeUTF(encoder);
      out.writeInt(dim);
      out.writeInt(count);
      int[] written = {0};
      producer.produce(e -> {
        if (e.cls().length != dim || e.patches().length != e.gridH() * e.gridW() * dim) {
          throw new IllegalArgumentException("feature sizes of " + e.id() + " do not match dim " + dim);
        }
        out.writeUTF(e.id());
        out.writeUTF(e.device());
        out.writeInt(e.gridH());
        out.writeInt(e.gridW());
        writeFloats(out, e.cls());
        writeFloats(out, e.patches());
        written[0]++;
      });
      if (written[0] != count) {
        throw new IllegalStateException("announced " + count + " entries, wrote " + written[0]);
      }
    });
  }

  public static Contents read(Path file) throws IOException {
    return FormatUtil.read(file, CODEC, VERSION, VERSION, (in, v) -> {
      String encoder = in.readUTF();
      int dim = in.readInt();
      int n = in.readInt();
      if (dim <= 0 || n < 0) {
        throw new CorruptFileException(file, "corrupt: dim " + dim + ", count " + n);
      }
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = in.readUTF();
        String device = in.readUTF();
        int h = in.readInt();
        int w = in.readInt();
        if (h <= 0 || w <= 0 || (long) h * w * dim > Integer.MAX_VALUE) {
          throw new CorruptFileException(file, "corrupt: grid " + h + "x" + w);
        }
        entries.add(new Entry(id, device, h, w, readFloats(in, dim), readFloats(in, h * w * dim)));
      }
      return new Contents(encoder, dim, entries);
    });
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(a.length * 4);
    b.asFloatBuffer().put(a);
    out.write(b.array());
  }

  private static float[] readFloats(DataInputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n * 4);
    if (bytes.length != n * 4) {
      throw new java.io.EOFException();
    }
    float[] out = new float[n];
    ByteBuffer.wrap(bytes).asFloatBuffer().get(out);
    return out;
  }
}
