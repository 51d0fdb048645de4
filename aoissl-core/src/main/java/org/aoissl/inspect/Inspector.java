package org.aoissl.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.aoissl.data.AoiImage;
import org.aoissl.refine.Refiner;
import org.aoissl.refine.RefinerState;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.NeighborIndex;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.Segmenter;

/**
 * A bank ready to segment: its search index and, when the choices allow, its learned refiner, opened
 * once and used for any number of images. The encoder belongs to the caller (it outlives bank versions).
 * Segmenting is safe from several threads at once; nothing here changes after {@link #open}.
 */
public final class Inspector implements AutoCloseable {
  private final MemoryBank bank;
  private final String indexKind;
  private final SegmentChoices.Resolved resolved;
  private final NeighborIndex index;
  private final Refiner refiner;
  private final Segmenter segmenter;

  private Inspector(MemoryBank bank, String indexKind, SegmentChoices.Resolved resolved, NeighborIndex index,
      Refiner refiner, PatchEncoder encoder) {
    this.bank = bank;
    this.indexKind = indexKind;
    this.resolved = resolved;
    this.index = index;
    this.refiner = refiner;
    this.segmenter = new Segmenter(encoder, bank, index, resolved.options(), Set.of(), refiner);
  }

  /**
   * @param bankFile where {@code bank} was read from (its saved index and errors)
   * @param indexKind exact or hnsw, or null for {@link BankIndex#defaultKind}
   */
  public static Inspector open(Path bankFile, MemoryBank bank, PatchEncoder encoder, String indexKind,
      SegmentChoices choices) throws IOException {
    RefinerState stored = bank.refiner() == null || choices.refiner().equals("off") ? null
        : Refiner.state(bank.refiner(), bankFile);
    SegmentChoices.Resolved r = choices.resolve(bank, stored, bankFile);
    String kind = indexKind != null ? indexKind : BankIndex.defaultKind(bankFile);
    NeighborIndex idx = BankIndex.open(kind, bank, bankFile);
    Refiner ref = null;
    try {
      ref = r.useRefiner() ? Refiner.open(bank.refiner(), bankFile) : null;
      return new Inspector(bank, kind, r, idx, ref, encoder);
    } catch (IOException | RuntimeException e) {
      idx.close();
      if (ref != null) {
        ref.close();
      }
      throw e;
    }
  }

  /**
   * Segments one image whose channels match the bank's encoder.
   *
   * @param pixelSize the image's pixel pitch in the bank's unit, or 0 for the bank's own pitch
   */
  public Segmenter.Prediction segment(AoiImage image, double pixelSize) {
    return segmenter.segment(image, pixelSize);
  }

  public MemoryBank bank() {
    return bank;
  }

  public String indexKind() {
    return indexKind;
  }

  public SegmentChoices.Resolved resolved() {
    return resolved;
  }

  /** The label of what segments: the score options, plus " + refiner" when the learned refiner is used. */
  public String label() {
    return resolved.options().label() + (resolved.useRefiner() ? " + refiner" : "");
  }

  @Override
  public void close() {
    index.close();
    if (refiner != null) {
      refiner.close();
    }
  }
}
