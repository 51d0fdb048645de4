package org.aoissl.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Header, footer and atomic writes for every persistent file of ours, in the spirit of Lucene's
 * {@code CodecUtil}.
 *
 * <p>Byte layout (all integers big-endian, as {@link DataOutputStream} writes them):
 *
 * <pre>
 * header  : int32 MAGIC (0x414F4953, "AOIS")
 *           uint16 codec-name length n, n bytes UTF-8 codec name (e.g. "aoissl.stats")
 *           int32 format version
 * body    : codec specific
 * footer  : int32 FOOTER_MAGIC (~MAGIC)
 *           int32 checksum algorithm (0 = CRC32)
 *           int64 CRC32 of every byte before this field (header, body, footer magic, algorithm)
 * </pre>
 *
 * <p>Readers check, in this order: length, header magic, footer magic (a cut file has none: truncated),
 * checksum (corrupt), codec name, version range (too old / too new); only then is the body parsed, and
 * the body must end exactly at the footer.
 */
public final class FormatUtil {
  public static final int MAGIC = 0x414F4953;
  public static final int FOOTER_MAGIC = ~MAGIC;
  public static final int FOOTER_LENGTH = 16;
  private static final int CRC32_ALGORITHM = 0;
  private static final int MIN_HEADER_LENGTH = 4 + 2 + 4;

  private FormatUtil() {}

  /**
   * Writes {@code header + body + footer} to {@code target} atomically: a reader sees either the old
   * file or the complete new one, never a partial write.
   */
  public static void write(Path target, String codec, int version, IoWriter<DataOutputStream> body)
      throws IOException {
    writeAtomically(
        target,
        raw -> {
          CRC32 crc = new CRC32();
          DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
          writeHeader(out, codec, version);
          body.write(out);
          out.writeInt(FOOTER_MAGIC);
          out.writeInt(CRC32_ALGORITHM);
          out.flush();
          // The checksum covers everything before itself; write it past the checked stream.
          new DataOutputStream(raw).writeLong(crc.getValue());
        });
  }

  /**
   * Reads a file written by {@link #write}, verifying header, footer and checksum before handing the
   * body to {@code body}.
   */
  public static <T> T read(Path file, String codec, int minVersion, int maxVersion, IoReader<T> body)
      throws IOException {
    // One open channel for the check and the parse: a writer's atomic rename in between cannot make
    // the two passes see different files.
    try (FileChannel ch = open(file)) {
      long length = ch.size();
      if (length < MIN_HEADER_LENGTH + FOOTER_LENGTH) {
        throw new TruncatedFileException(
            file, "truncated: " + length + " bytes is shorter than any " + codec + " file");
      }
      checkMagicAndChecksum(file, ch, length);
      long bodyEnd = length - FOOTER_LENGTH;
      ch.position(0);
      InputStream raw = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
      DataInputStream in = new DataInputStream(new LimitedInputStream(raw, bodyEnd));
      in.readInt(); // magic, already checked
      int n = in.readUnsignedShort();
      if (n == 0 || n > 255 || n > bodyEnd) {
        throw new CorruptFileException(file, "corrupt: codec name length " + n);
      }
      String found = new String(in.readNBytes(n), StandardCharsets.UTF_8);
      if (!found.equals(codec)) {
        throw new BadInputException(file, "is a " + found + " file, expected " + codec);
      }
      int version = in.readInt();
      if (version < minVersion) {
        throw new FormatTooOldException(
            file,
            codec + " format version " + version + " is too old; this build reads "
                + minVersion + ".." + maxVersion);
      }
      if (version > maxVersion) {
        throw new FormatTooNewException(
            file,
            codec + " format version " + version + " is too new; this build reads "
                + minVersion + ".." + maxVersion + " (upgrade AOI-SSL)");
      }
      T result;
      try {
        result = body.read(in, version);
      } catch (EOFException e) {
        throw new CorruptFileException(file, "corrupt: body ends before its declared content");
      }
      if (in.read() != -1) {
        throw new CorruptFileException(file, "corrupt: unread bytes between body and footer");
      }
      return result;
    }
  }

  /**
   * The CRC32 stored in a file's footer, as 8 hex digits: a cheap identity of a file's whole content
   * (e.g. which encoder checkpoint a feature file or memory bank was made with). Verifies the file first.
   */
  public static String checksum(Path file) throws IOException {
    try (FileChannel ch = open(file)) {
      long length = ch.size();
      if (length < MIN_HEADER_LENGTH + FOOTER_LENGTH) {
        throw new TruncatedFileException(file, "truncated: " + length + " bytes");
      }
      checkMagicAndChecksum(file, ch, length);
      ByteBuffer b = ByteBuffer.allocate(8);
      ch.position(length - 8);
      while (b.hasRemaining() && ch.read(b) > 0) {
        // fill
      }
      return String.format("%08x", b.flip().getLong());
    }
  }

  /** Writes any file atomically: temp file in the same folder, flush, fsync, rename, fsync folder. */
  public static void writeAtomically(Path target, IoWriter<OutputStream> body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    boolean done = false;
    try {
      // Temp files are created owner-only; the finished file should read like any other (rw-r--r--).
      try {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
        body.write(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      syncDirectory(dir);
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static void writeHeader(DataOutputStream out, String codec, int version) throws IOException {
    byte[] name = codec.getBytes(StandardCharsets.UTF_8);
    if (name.length == 0 || name.length > 255) {
      throw new IllegalArgumentException("codec name must be 1..255 bytes: " + codec);
    }
    out.writeInt(MAGIC);
    out.writeShort(name.length);
    out.write(name);
    out.writeInt(version);
  }

  private static FileChannel open(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file, "file not found");
    }
  }

  private static void checkMagicAndChecksum(Path file, FileChannel ch, long length) throws IOException {
    CRC32 crc = new CRC32();
    long checked = length - 8;
    byte[] buf = new byte[1 << 16];
    byte[] head = new byte[4];
    byte[] tail = new byte[FOOTER_LENGTH];
    ch.position(0);
    {
      // Not closed here: closing a channel's stream closes the channel, which the caller still reads.
      InputStream in = Channels.newInputStream(ch);
      long pos = 0;
      while (pos < length) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, length - pos));
        if (r < 0) {
          throw new TruncatedFileException(file, "truncated: file shrank while being read");
        }
        int crcPart = (int) Math.max(0, Math.min(r, checked - pos));
        crc.update(buf, 0, crcPart);
        for (int i = 0; i < r; i++) {
          long p = pos + i;
          if (p < 4) {
            head[(int) p] = buf[i];
          }
          if (p >= length - FOOTER_LENGTH) {
            tail[(int) (p - (length - FOOTER_LENGTH))] = buf[i];
          }
        }
        pos += r;
      }
    }
    if (readInt(head, 0) != MAGIC) {
      throw new CorruptFileException(file, "not an AOI-SSL file (bad magic number)");
    }
    if (readInt(tail, 0) != FOOTER_MAGIC) {
      throw new TruncatedFileException(
          file, "truncated: the file ends early (no valid footer; it may be cut or its end damaged)");
    }
    if (readInt(tail, 4) != CRC32_ALGORITHM) {
      throw new CorruptFileException(file, "corrupt: unknown checksum algorithm " + readInt(tail, 4));
    }
    long expected = ((long) readInt(tail, 8) << 32) | (readInt(tail, 12) & 0xFFFFFFFFL);
    if (expected != crc.getValue()) {
      throw new CorruptFileException(
          file,
          String.format(
              "corrupt: checksum mismatch (stored %08x, computed %08x)", expected, crc.getValue()));
    }
  }

  private static int readInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }

  private static void syncDirectory(Path dir) {
    // Makes the rename durable; some file systems refuse to open a folder, which is harmless.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort
    }
  }
}
