package org.aoissl.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aoissl.io.CorruptFileException;
import org.aoissl.io.FormatUtil;

/**
 * Checkpoints: named float32 tensors (model weights, optimizer moments, ...) plus a JSON metadata
 * document (config, step, RNG state, channel statistics, provenance), in {@link FormatUtil}'s envelope
 * (codec {@value #CODEC}, version {@value #VERSION}; CRC32 footer; atomic write).
 *
 * <p>Body byte layout, version 1 (big-endian):
 *
 * <pre>
 * int32  metadata length M, M bytes UTF-8 JSON
 * int32  tensor count T
 * T times:
 *   uint16 name length n, n bytes UTF-8 name (stable names, e.g. "model/blocks.0.attn.qkv.weight")
 *   uint8  dtype (0 = float32)
 *   uint8  rank r, r × int64 dimensions
 *   float32 × product(dimensions) values, row-major
 * </pre>
 */
public final class CheckpointFile {
  public static final String CODEC = "aoissl.ckpt";
  public static final int VERSION = 1;
  private static final int MAX_META = 64 << 20;

  /** What a checkpoint holds. */
  public record Contents(String metadataJson, Map<String, NamedTensor> tensors) {
    public Contents {
      tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
  }

  private CheckpointFile() {}

  public static void write(Path file, Contents c) throws IOException {
    FormatUtil.write(file, CODEC, VERSION, out -> writeBody(out, c));
  }

  /** Writes the body alone (metadata and tensors), for formats that embed a checkpoint's contents. */
  public static void writeBody(DataOutputStream out, Contents c) throws IOException {
    byte[] meta = c.metadataJson().getBytes(StandardCharsets.UTF_8);
    out.writeInt(meta.length);
    out.write(meta);
    out.writeInt(c.tensors().size());
    for (NamedTensor t : c.tensors().values()) {
      writeTensor(out, t);
    }
  }

  public static Contents read(Path file) throws IOException {
    return FormatUtil.read(file, CODEC, VERSION, VERSION, (in, v) -> readBody(file, in));
  }

  /** Reads a body written by {@link #writeBody}; {@code file} names the containing file in errors. */
  public static Contents readBody(Path file, DataInputStream in) throws IOException {
    int m = in.readInt();
    if (m < 0 || m > MAX_META) {
      throw new CorruptFileException(file, "corrupt: metadata length " + m);
    }
    String meta = new String(in.readNBytes(m), StandardCharsets.UTF_8);
    int count = in.readInt();
    if (count < 0) {
      throw new CorruptFileException(file, "corrupt: tensor count " + count);
    }
    Map<String, NamedTensor> tensors = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      NamedTensor t = readTensor(file, in);
      if (tensors.put(t.name(), t) != null) {
        throw new CorruptFileException(file, "corrupt: tensor " + t.name() + " appears twice");
      }
    }
    return new Contents(meta, tensors);
  }

  private static void writeTensor(DataOutputStream out, NamedTensor t) throws IOException {
    byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
    out.writeShort(name.length);
    out.write(name);
    out.writeByte(0);
    long[] shape = t.shape();
    out.writeByte(shape.length);
    for (long d : shape) {
      out.writeLong(d);
    }
    float[] data = t.data();
    ByteBuffer buf = ByteBuffer.allocate(Math.min(data.length, 1 << 16) * 4);
    for (int off = 0; off < data.length; off += buf.capacity() / 4) {
      int n = Math.min(buf.capacity() / 4, data.length - off);
      buf.clear();
      buf.asFloatBuffer().put(data, off, n);
      out.write(buf.array(), 0, n * 4);
    }
  }

  private static NamedTensor readTensor(Path file, DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    String name = new String(in.readNBytes(n), StandardCharsets.UTF_8);
    int dtype = in.readUnsignedByte();
    if (dtype != 0) {
      throw new CorruptFileException(file, "corrupt: tensor " + name + " has unknown dtype " + dtype);
    }
    int rank = in.readUnsignedByte();
    long[] shape = new long[rank];
    long count = 1;
    for (int i = 0; i < rank; i++) {
      shape[i] = in.readLong();
      count *= shape[i];
      if (shape[i] < 0 || count > Integer.MAX_VALUE) {
        throw new CorruptFileException(file, "corrupt: tensor " + name + " has impossible shape");
      }
    }
    float[] data = new float[(int) count];
    byte[] bytes = new byte[Math.min(data.length, 1 << 16) * 4];
    for (int off = 0; off < data.length; ) {
      int k = Math.min(bytes.length / 4, data.length - off);
      in.readFully(bytes, 0, k * 4);
      ByteBuffer.wrap(bytes, 0, k * 4).asFloatBuffer().get(data, off, k);
      off += k;
    }
    return new NamedTensor(name, shape, data);
  }
}
