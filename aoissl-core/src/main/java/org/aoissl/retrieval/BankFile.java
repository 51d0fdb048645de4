package org.aoissl.retrieval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.aoissl.io.BadInputException;
import org.aoissl.io.CorruptFileException;
import org.aoissl.io.FormatUtil;
import org.aoissl.train.CheckpointFile;

/**
 * A {@link MemoryBank} on disk: codec {@value #CODEC}, version {@value #VERSION}, in {@link
 * FormatUtil}'s envelope (header, CRC32 footer, atomic replace).
 *
 * <p>Body, version 1 (big-endian; D = key width, K = classes, p = patch size):
 *
 * <pre>
 * int32  n, n bytes UTF-8 JSON: {"classes": [..], "encoder": EncoderId, "config": BankConfig,
 *        "settings": BankSettings, "provenance": {..}, "images": N, "entries": E, "pcaRank": r}
 *        (r = 0: no PCA; a header without pcaRank reads as 0)
 * N times (bank images, in order):
 *        UTF id, UTF device, int32 view, int32 gridH, int32 gridW, float32 × D cls,
 *        uint8 × (gridH·p)(gridW·p) class bits per pixel (row-major),
 *        uint8 × ceil((gridH·p)(gridW·p) / 8) ignore flags, pixel i = bit (i mod 8) of byte i / 8
 * int32 × E   image index of each entry
 * int32 × E   cell index of each entry (gy · gridW + gx)
 * float32 × E·K class fractions [E, K]
 * float32 × E·D keys [E, D], L2-normalised
 * if r > 0, the search projection ({@link Pca}):
 *        float32 × D mean, float32 × r·D components [r, D]
 * version 2 adds:
 * uint8  1 when a learned refiner follows, else 0
 *        the refiner as a {@link CheckpointFile} body (metadata JSON and named tensors)
 * </pre>
 *
 * <p>Version 1 files (no refiner) are still read.
 *
 * <p>A reader racing a writer gets the old or the new bank, never a mix: writes are atomic renames and
 * {@link FormatUtil#read} checks and parses one open file.
 */
public final class BankFile {
  public static final String CODEC = "aoissl.bank";
  public static final int VERSION = 2;
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  /** Bulk arrays move through a buffer of this many bytes. */
  private static final int BUFFER = 1 << 20;

  /** The JSON part of the body. */
  record Header(List<String> classes, EncoderId encoder, BankConfig config, BankSettings settings,
      Map<String, String> provenance, int images, int entries, int pcaRank) {}

  private BankFile() {}

  public static void write(Path file, MemoryBank bank) throws IOException {
    Header h = new Header(bank.classes().names(), bank.encoder(), bank.config(), bank.settings(),
        bank.provenance(), bank.numImages(), bank.size(), bank.pca() == null ? 0 : bank.pca().rank());
    FormatUtil.write(file, CODEC, VERSION, out -> {
      byte[] json = JSON.writeValueAsBytes(h);
      out.writeInt(json.length);
      out.write(json);
      ByteBuffer buf = ByteBuffer.allocate(BUFFER);
      for (BankImage im : bank.images()) {
        out.writeUTF(im.id());
        out.writeUTF(im.device());
        out.writeInt(im.view());
        out.writeInt(im.gridH());
        out.writeInt(im.gridW());
        writeFloats(out, buf, im.cls(), 0, im.cls().length);
        writeMask(out, im.mask());
      }
      int e = bank.size();
      int[] ints = new int[e];
      for (int i = 0; i < e; i++) {
        ints[i] = bank.imageOf(i);
      }
      writeInts(out, buf, ints);
      for (int i = 0; i < e; i++) {
        ints[i] = bank.cellOf(i);
      }
      writeInts(out, buf, ints);
      int rows = Math.max(1, BUFFER / 4 / Math.max(bank.dim(), bank.numClasses()));
      float[] tmp = new float[rows * Math.max(bank.dim(), bank.numClasses())];
      for (int from = 0; from < e; from += rows) {
        int to = Math.min(e, from + rows);
        bank.copyFractions(from, to, tmp, 0);
        writeFloats(out, buf, tmp, 0, (to - from) * bank.numClasses());
      }
      for (int from = 0; from < e; from += rows) {
        int to = Math.min(e, from + rows);
        bank.copyKeys(from, to, tmp, 0);
        writeFloats(out, buf, tmp, 0, (to - from) * bank.dim());
      }
      if (bank.pca() != null) {
        float[] mean = bank.pca().mean();
        float[] comps = bank.pca().components();
        writeFloats(out, buf, mean, 0, mean.length);
        writeFloats(out, buf, comps, 0, comps.length);
      }
      out.writeByte(bank.refiner() == null ? 0 : 1);
      if (bank.refiner() != null) {
        CheckpointFile.writeBody(out, bank.refiner());
      }
    });
  }

  /** Reads a bank; damaged, cut, foreign or too new files are refused with a message naming the file. */
  public static MemoryBank read(Path file) throws IOException {
    return FormatUtil.read(file, CODEC, 1, VERSION, (in, v) -> {
      Header h = readHeader(file, in);
      try {
        MemoryBank bank = readBody(file, in, h);
        if (v >= 2) {
          int flag = in.readUnsignedByte();
          if (flag > 1) {
            throw new CorruptFileException(file, "corrupt: refiner flag " + flag);
          }
          if (flag == 1) {
            bank.setRefiner(CheckpointFile.readBody(file, in));
          }
        }
        return bank;
      } catch (IllegalArgumentException | IndexOutOfBoundsException | NegativeArraySizeException e) {
        throw new CorruptFileException(file, "corrupt: " + e.getMessage());
      }
    });
  }

  private static Header readHeader(Path file, DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n <= 0 || n > (64 << 20)) {
      throw new CorruptFileException(file, "corrupt: header length " + n);
    }
    byte[] json = in.readNBytes(n);
    if (json.length != n) {
      throw new EOFException();
    }
    Header h;
    try {
      h = JSON.readValue(json, Header.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptFileException(file, "corrupt: bank header cannot be read: "
          + new String(json, 0, Math.min(n, 200), StandardCharsets.UTF_8));
    }
    if (h.classes() == null || h.encoder() == null || h.config() == null || h.settings() == null
        || h.images() < 0 || h.entries() < 0 || h.pcaRank() < 0) {
      throw new CorruptFileException(file, "corrupt: bank header is incomplete");
    }
    return h;
  }

  private static MemoryBank readBody(Path file, DataInputStream in, Header h) throws IOException {
    MemoryBank bank = new MemoryBank(new ClassSet(h.classes()), h.encoder(), h.config());
    bank.setSettings(h.settings());
    if (h.provenance() != null) {
      h.provenance().forEach(bank::putProvenance);
    }
    int d = bank.dim();
    int k = bank.numClasses();
    int p = bank.patchSize();
    byte[] buf = new byte[BUFFER];
    for (int i = 0; i < h.images(); i++) {
      String id = in.readUTF();
      String device = in.readUTF();
      int view = in.readInt();
      int gh = in.readInt();
      int gw = in.readInt();
      if (gh <= 0 || gw <= 0 || (long) gh * gw * p * p > Integer.MAX_VALUE) {
        throw new CorruptFileException(file, "corrupt: image " + i + " has a " + gw + "x" + gh + " grid");
      }
      float[] cls = new float[d];
      readFloats(in, buf, cls, 0, d);
      Mask mask = readMask(in, k, gh * p, gw * p);
      bank.addImage(new BankImage(id, device, gh, gw, cls, mask, view));
    }
    int e = h.entries();
    int[] imgs = readInts(in, buf, e);
    int[] cells = readInts(in, buf, e);
    float[] fracs = new float[Math.multiplyExact(e, k)];
    readFloats(in, buf, fracs, 0, fracs.length);
    int rows = Math.max(1, BUFFER / 4 / d);
    float[] keys = new float[rows * d];
    for (int from = 0; from < e; from += rows) {
      int n = Math.min(rows, e - from);
      readFloats(in, buf, keys, 0, n * d);
      bank.appendEntries(imgs, cells, from, n, fracs, from * k, keys, 0);
    }
    int r = h.pcaRank();
    if (r > 0) {
      if (r > d) {
        throw new CorruptFileException(file, "corrupt: PCA rank " + r + " exceeds the key width " + d);
      }
      float[] mean = new float[d];
      float[] comps = new float[r * d];
      readFloats(in, buf, mean, 0, d);
      readFloats(in, buf, comps, 0, comps.length);
      bank.setPca(Pca.fromArrays(mean, comps, r));
    }
    return bank;
  }

  private static void writeMask(DataOutputStream out, Mask m) throws IOException {
    int h = m.height();
    int w = m.width();
    byte[] bits = new byte[h * w];
    byte[] ignore = new byte[(h * w + 7) / 8];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        bits[i] = (byte) m.classBits(y, x);
        if (m.isIgnored(y, x)) {
          ignore[i >>> 3] |= (byte) (1 << (i & 7));
        }
      }
    }
    out.write(bits);
    out.write(ignore);
  }

  private static Mask readMask(DataInputStream in, int k, int h, int w) throws IOException {
    byte[] bits = readBytes(in, h * w);
    byte[] ignore = readBytes(in, (h * w + 7) / 8);
    Mask m = new Mask(k, h, w);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        m.setClassBits(y, x, bits[i] & 0xFF);
        if ((ignore[i >>> 3] & (1 << (i & 7))) != 0) {
          m.setIgnored(y, x, true);
        }
      }
    }
    return m;
  }

  private static byte[] readBytes(DataInputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException();
    }
    return b;
  }

  private static void writeFloats(DataOutputStream out, ByteBuffer buf, float[] a, int off, int n)
      throws IOException {
    int done = 0;
    while (done < n) {
      int take = Math.min(n - done, buf.capacity() / 4);
      buf.clear();
      buf.asFloatBuffer().put(a, off + done, take);
      out.write(buf.array(), 0, take * 4);
      done += take;
    }
  }

  private static void writeInts(DataOutputStream out, ByteBuffer buf, int[] a) throws IOException {
    int done = 0;
    while (done < a.length) {
      int take = Math.min(a.length - done, buf.capacity() / 4);
      buf.clear();
      buf.asIntBuffer().put(a, done, take);
      out.write(buf.array(), 0, take * 4);
      done += take;
    }
  }

  private static void readFloats(DataInputStream in, byte[] buf, float[] a, int off, int n) throws IOException {
    int done = 0;
    while (done < n) {
      int take = Math.min(n - done, buf.length / 4);
      in.readFully(buf, 0, take * 4);
      ByteBuffer.wrap(buf, 0, take * 4).asFloatBuffer().get(a, off + done, take);
      done += take;
    }
  }

  private static int[] readInts(DataInputStream in, byte[] buf, int n) throws IOException {
    int[] a = new int[n];
    int done = 0;
    while (done < n) {
      int take = Math.min(n - done, buf.length / 4);
      in.readFully(buf, 0, take * 4);
      ByteBuffer.wrap(buf, 0, take * 4).asIntBuffer().get(a, done, take);
      done += take;
    }
    return a;
  }

}
