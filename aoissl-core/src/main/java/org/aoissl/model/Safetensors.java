package org.aoissl.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.io.BadInputException;
import org.aoissl.io.CorruptFileException;
import org.aoissl.io.FormatUtil;
import org.aoissl.io.TruncatedFileException;

/**
 * Reads (and writes) tensors in the safetensors format that timm and Hugging Face publish weights in.
 * Float tensors of dtype F32, F16 and BF16 are read as float32; other dtypes are listed but refused on
 * reading. Opening checks the whole header; tensor data is read on demand.
 *
 * <p>Byte layout:
 *
 * <pre>
 * uint64 little-endian  header length N
 * N bytes UTF-8 JSON    {"__metadata__": {"key": "value", ...},          (optional, strings only)
 *                        "NAME": {"dtype": "F32", "shape": [d0, d1, ...],
 *                                 "data_offsets": [BEGIN, END]}, ...}
 *                       (may be padded with trailing spaces)
 * data                  raw little-endian values, row-major; tensor NAME is bytes [BEGIN, END) of
 *                       the data, END - BEGIN = product(shape) × dtype size, tensors do not overlap
 * </pre>
 *
 * Not thread-safe; {@link #close()} releases the file.
 */
public final class Safetensors implements AutoCloseable {
  /** A header's limit in the reference implementation (100 MB). */
  static final long MAX_HEADER = 100L << 20;
  private static final String METADATA = "__metadata__";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Map<String, Integer> DTYPE_SIZES = Map.ofEntries(
      Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1), Map.entry("F8_E5M2", 1),
      Map.entry("F8_E4M3", 1), Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2),
      Map.entry("BF16", 2), Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
      Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8));
  /** The dtypes {@link #read} converts to float32 (and {@link #write} writes). */
  public static final List<String> FLOAT_DTYPES = List.of("F32", "F16", "BF16");

  /**
   * One tensor of the header.
   *
   * @param begin first byte in the data section
   * @param end one past the last byte in the data section
   */
  public record Entry(String name, String dtype, long[] shape, long begin, long end) {
    public Entry {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** Number of values, {@code product(shape)} (1 for a scalar). */
    public long count() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    @Override
    public String toString() {
      return name + " " + dtype + Arrays.toString(shape);
    }
  }

  /** A tensor to write: {@code data} in row-major order, stored as {@code dtype} (F32, F16 or BF16). */
  public record Tensor(String name, String dtype, long[] shape, float[] data) {
    public Tensor {
      if (!FLOAT_DTYPES.contains(dtype)) {
        throw new IllegalArgumentException(name + ": can write " + FLOAT_DTYPES + ", not " + dtype);
      }
      shape = shape.clone();
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException(
            name + ": shape " + Arrays.toString(shape) + " holds " + n + " values; got " + data.length);
      }
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, String> metadata;
  private final Map<String, Entry> entries;

  private Safetensors(Path file, FileChannel channel, long dataStart, Map<String, String> metadata,
      Map<String, Entry> entries) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.metadata = metadata;
    this.entries = entries;
  }

  /** Opens a file and checks its header: lengths, offsets against dtype × shape, overlaps. */
  public static Safetensors open(Path file) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file, "file not found");
    }
    try {
      long size = ch.size();
      if (size < 8) {
        throw new TruncatedFileException(file, "truncated: " + size + " bytes, not even a safetensors header length");
      }
      long n = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (n < 2 || n > MAX_HEADER) {
        throw new CorruptFileException(file, "not a safetensors file: header length " + Long.toUnsignedString(n)
            + " is outside 2.." + MAX_HEADER);
      }
      if (n > size - 8) {
        throw new TruncatedFileException(file, "truncated: header length " + n + " but only " + (size - 8)
            + " bytes follow");
      }
      byte[] header = new byte[(int) n];
      readFully(ch, 8, (int) n).get(header);
      if (header[0] != '{') {
        throw new CorruptFileException(file, "not a safetensors file: the header does not start with '{'");
      }
      long dataLength = size - 8 - n;
      Map<String, String> meta = new LinkedHashMap<>();
      Map<String, Entry> entries = parseHeader(file, header, dataLength, meta);
      return new Safetensors(file, ch, 8 + n, Collections.unmodifiableMap(meta),
          Collections.unmodifiableMap(entries));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static Map<String, Entry> parseHeader(Path file, byte[] header, long dataLength,
      Map<String, String> meta) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(new String(header, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new CorruptFileException(file, "corrupt: the header is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (!(root instanceof ObjectNode obj)) {
      throw new CorruptFileException(file, "corrupt: the header is not a JSON object");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) obj::fields) {
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (name.equals(METADATA)) {
        if (!v.isObject()) {
          throw new CorruptFileException(file, "corrupt: __metadata__ is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> m : (Iterable<Map.Entry<String, JsonNode>>) v::fields) {
          if (!m.getValue().isTextual()) {
            throw new CorruptFileException(file, "corrupt: __metadata__ value " + m.getKey() + " is not a string");
          }
          meta.put(m.getKey(), m.getValue().asText());
        }
        continue;
      }
      entries.put(name, parseEntry(file, name, v, dataLength));
    }
    checkOverlaps(file, entries.values());
    return entries;
  }

  private static Entry parseEntry(Path file, String name, JsonNode v, long dataLength) throws IOException {
    String where = "corrupt: tensor " + name + " ";
    JsonNode dtype = v.get("dtype");
    JsonNode shape = v.get("shape");
    JsonNode offsets = v.get("data_offsets");
    if (!v.isObject() || dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()
        || offsets == null || !offsets.isArray() || offsets.size() != 2) {
      throw new CorruptFileException(file, where + "needs dtype, shape and data_offsets [begin, end]");
    }
    long[] dims = new long[shape.size()];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = shape.get(i);
      if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
        throw new CorruptFileException(file, where + "has a bad shape " + shape);
      }
      dims[i] = d.asLong();
      try {
        count = Math.multiplyExact(count, dims[i]);
      } catch (ArithmeticException overflow) {
        throw new CorruptFileException(file, where + "has an impossible shape " + shape);
      }
    }
    long begin = offset(file, where, offsets.get(0));
    long end = offset(file, where, offsets.get(1));
    if (begin > end) {
      throw new CorruptFileException(file, where + "has data_offsets [" + begin + ", " + end + "] that run backwards");
    }
    Integer size = DTYPE_SIZES.get(dtype.asText());
    if (size != null && (count > Long.MAX_VALUE / 8 || end - begin != count * size)) {
      throw new CorruptFileException(file, where + "has " + (end - begin) + " bytes of data, but " + dtype.asText()
          + " " + shape + " needs " + count * size);
    }
    if (end > dataLength) {
      throw new TruncatedFileException(file, "truncated: tensor " + name + " needs data bytes [" + begin + ", "
          + end + ") but the file has only " + dataLength);
    }
    return new Entry(name, dtype.asText(), dims, begin, end);
  }

  private static long offset(Path file, String where, JsonNode n) throws IOException {
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
      throw new CorruptFileException(file, where + "has a bad data offset " + n);
    }
    return n.asLong();
  }

  private static void checkOverlaps(Path file, java.util.Collection<Entry> entries) throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    for (int i = 1; i < sorted.size(); i++) {
      Entry a = sorted.get(i - 1);
      Entry b = sorted.get(i);
      if (b.begin() < a.end()) {
        throw new CorruptFileException(file, "corrupt: tensors " + a.name() + " and " + b.name()
            + " overlap (bytes [" + a.begin() + ", " + a.end() + ") and [" + b.begin() + ", " + b.end() + "))");
      }
    }
  }

  public Path file() {
    return file;
  }

  /** The {@code __metadata__} strings (empty when absent). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Every tensor, in header order. */
  public Map<String, Entry> entries() {
    return entries;
  }

  /** A tensor's header entry, or null when the file has none of that name. */
  public Entry entry(String name) {
    return entries.get(name);
  }

  /** The values of a tensor as float32, row-major. */
  public float[] read(String name) throws IOException {
    Entry e = entries.get(name);
    if (e == null) {
      throw new BadInputException(file, "has no tensor " + name);
    }
    if (!FLOAT_DTYPES.contains(e.dtype())) {
      throw new BadInputException(file, "tensor " + name + " has dtype " + e.dtype() + "; only "
          + String.join(", ", FLOAT_DTYPES) + " can be read");
    }
    if (e.count() > Integer.MAX_VALUE - 8) {
      throw new BadInputException(file, "tensor " + name + " has " + e.count() + " values, too many for one array");
    }
    float[] out = new float[(int) e.count()];
    int size = DTYPE_SIZES.get(e.dtype());
    int chunk = (1 << 20) / size;
    for (int off = 0; off < out.length; off += chunk) {
      int k = Math.min(chunk, out.length - off);
      ByteBuffer b = readFully(channel, dataStart + e.begin() + (long) off * size, k * size)
          .order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < k; i++) {
        out[off + i] = switch (e.dtype()) {
          case "F32" -> b.getFloat();
          case "F16" -> halfToFloat(b.getShort());
          default -> bf16ToFloat(b.getShort());
        };
      }
    }
    return out;
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new java.io.EOFException("file ended at byte " + (position + b.position()));
      }
    }
    return b.flip();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Writes tensors (in the given order, data packed without gaps) and metadata, atomically. */
  public static void write(Path file, Map<String, String> metadata, List<Tensor> tensors) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode m = root.putObject(METADATA);
      metadata.forEach(m::put);
    }
    long offset = 0;
    for (Tensor t : tensors) {
      if (t.name().equals(METADATA) || root.has(t.name())) {
        throw new IllegalArgumentException("tensor name " + t.name() + " is reserved or repeated");
      }
      long bytes = (long) t.data().length * DTYPE_SIZES.get(t.dtype());
      ObjectNode e = root.putObject(t.name());
      e.put("dtype", t.dtype());
      long[] shape = t.shape();
      var s = e.putArray("shape");
      Arrays.stream(shape).forEach(s::add);
      e.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(root);
    int padded = (json.length + 7) / 8 * 8;
    byte[] header = Arrays.copyOf(json, padded);
    Arrays.fill(header, json.length, padded, (byte) ' ');
    FormatUtil.writeAtomically(file, out -> {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(header);
      for (Tensor t : tensors) {
        int size = DTYPE_SIZES.get(t.dtype());
        ByteBuffer b = ByteBuffer.allocate(t.data().length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : t.data()) {
          switch (t.dtype()) {
            case "F32" -> b.putFloat(v);
            case "F16" -> b.putShort(floatToHalf(v));
            default -> b.putShort(floatToBf16(v));
          }
        }
        out.write(b.array());
      }
    });
  }

  /** IEEE 754 binary16 bits to float (exact). */
  public static float halfToFloat(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal (or zero): exact
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** A float to binary16 bits, rounded to nearest even; too large gives infinity. */
  public static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xFF;
    int mant = bits & 0x7FFFFF;
    if (exp == 0xFF) {
      return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    int shift;
    int half;
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      mant |= 0x800000;
      shift = 14 - e;
      half = mant >>> shift;
    } else {
      shift = 13;
      half = (e << 10) | (mant >>> 13);
    }
    int rem = mant & ((1 << shift) - 1);
    int halfway = 1 << (shift - 1);
    if (rem > halfway || (rem == halfway && (half & 1) != 0)) {
      half++; // a carry into the exponent is the correct rounding, up to infinity
    }
    return (short) (sign | half);
  }

  /** bfloat16 bits to float (exact). */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** A float to bfloat16 bits, rounded to nearest even. */
  public static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }
}
