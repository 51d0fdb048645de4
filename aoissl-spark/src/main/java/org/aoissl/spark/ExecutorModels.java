package org.aoissl.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.aoissl.inspect.Inspector;
import org.aoissl.io.FormatUtil;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.apache.spark.SparkFiles;

/**
 * The models an executor JVM loads once and shares between all its tasks and task threads: a bank with
 * its encoder and search index for segmenting, an encoder for embedding. The bank is the file shipped
 * with the job; its CRC32 must be the one the driver read, and the checkpoint must be the encoder the bank
 * was built with, or every task fails. Models stay loaded until the executor exits (an application runs
 * one job, so an executor holds one bank).
 */
final class ExecutorModels {
  /** A bank ready to segment, and what loading it cost. */
  record Segmenting(MemoryBank bank, PatchEncoder encoder, Inspector inspector, long loadNanos) {}

  private static final Map<String, Segmenting> SEGMENTING = new HashMap<>();
  private static final Map<String, PatchEncoder> EMBEDDING = new HashMap<>();

  private ExecutorModels() {}

  /**
   * The spec's bank, loaded by the first task that asks; {@code loadNanos} is non-zero only in the
   * answer to that task.
   */
  static synchronized Segmenting segmenting(SegmentSpec spec) throws IOException {
    Segmenting s = SEGMENTING.get(spec.modelKey());
    if (s != null) {
      return new Segmenting(s.bank(), s.encoder(), s.inspector(), 0);
    }
    offline();
    long start = System.nanoTime();
    Path bankFile = Path.of(SparkFiles.get(spec.bankName()));
    String crc = FormatUtil.checksum(bankFile);
    if (!crc.equals(spec.bankCrc())) {
      throw new IllegalStateException("the bank " + bankFile + " on this executor has CRC32 " + crc
          + "; the driver read " + spec.bankCrc() + " (the bank changed while the job was starting)");
    }
    MemoryBank bank = BankFile.read(bankFile);
    PatchEncoder enc = BankEncoder.open(Path.of(SparkFiles.get(spec.ckptName())), bank, bankFile);
    try {
      Inspector ins = Inspector.open(bankFile, bank, enc, spec.indexKind(), spec.choices());
      s = new Segmenting(bank, enc, ins, System.nanoTime() - start);
    } catch (IOException | RuntimeException e) {
      enc.close();
      throw e;
    }
    SEGMENTING.put(spec.modelKey(), s);
    return s;
  }

  /** The encoder of a checkpoint shipped with the job, loaded once per executor. */
  static synchronized PatchEncoder embedding(String ckptName, String ckptCrc, int tile) throws IOException {
    String key = ckptName + "|" + ckptCrc + "|" + tile;
    PatchEncoder enc = EMBEDDING.get(key);
    if (enc == null) {
      offline();
      Path ckpt = Path.of(SparkFiles.get(ckptName));
      String crc = FormatUtil.checksum(ckpt);
      if (!crc.equals(ckptCrc)) {
        throw new IllegalStateException("the checkpoint " + ckpt + " on this executor has CRC32 " + crc
            + "; the driver read " + ckptCrc);
      }
      enc = PatchEncoder.open(ckpt, tile);
      EMBEDDING.put(key, enc);
    }
    return enc;
  }

  /** The engine's native library comes from the job jar; an executor never downloads one. */
  private static void offline() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }
}
