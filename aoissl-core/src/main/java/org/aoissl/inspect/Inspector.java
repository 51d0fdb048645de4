package org.aoissl.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.aoissl.data.AoiImage;
import org.aoissl.io.BadInputException;
import org.aoissl.refine.Refiner;
import org.aoissl.refine.RefinerState;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.NeighborIndex;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.Segmenter;

/**
 * A bank ready to segment: its search index and its learned refiner (unless the choices turn it off),
 * opened once and used for any number of images, with the choices given at opening or others per call.
 * The encoder belongs to the caller (it outlives bank versions). Segmenting is safe from several threads
 * at once; nothing here changes after {@link #open}.
 */
public final class Inspector implements AutoCloseable {
  private final Path bankFile;
  private final MemoryBank bank;
  private final PatchEncoder encoder;
  private final RefinerState stored;
  private final SegmentChoices choices;
  private final String indexKind;
  private final SegmentChoices.Resolved resolved;
  private final NeighborIndex index;
  private final Refiner refiner;
  private final Segmenter segmenter;

  private Inspector(Path bankFile, MemoryBank bank, PatchEncoder encoder, RefinerState stored,
      SegmentChoices choices, String indexKind, SegmentChoices.Resolved resolved, NeighborIndex index,
      Refiner refiner) {
    this.bankFile = bankFile;
    this.bank = bank;
    this.encoder = encoder;
    this.stored = stored;
    this.choices = choices;
    this.indexKind = indexKind;
    this.resolved = resolved;
    this.index = index;
    this.refiner = refiner;
    this.segmenter = segmenter(resolved);
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
      ref = stored != null ? Refiner.open(bank.refiner(), bankFile) : null;
      return new Inspector(bankFile, bank, encoder, stored, choices, kind, r, idx, ref);
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

  /**
   * Segments several images with one search ({@link Segmenter#segmentAll}); give it {@link #imagesPerSearch}
   * at a time.
   */
  public List<Segmenter.Prediction> segmentAll(List<AoiImage> images, double pixelSize) {
    return segmenter.segmentAll(images, pixelSize);
  }

  /**
   * How many images a batch run should search at once: {@value #IVF_IMAGES_PER_SEARCH} with an inverted file,
   * which then reads each probed cell once for all of them (at 4·10⁶ keys less than half the search time per
   * image, bench/RESULTS.md); one otherwise: exact search reads all the keys for every 1,024 queries however
   * many it is given, and HNSW walks its graph for each query alone, so neither would gain.
   */
  public int imagesPerSearch() {
    return indexKind.equals("ivf") ? IVF_IMAGES_PER_SEARCH : 1;
  }

  /** Images per search with an inverted file: most of the gain at 4·10⁶ keys, a bounded batch in memory. */
  public static final int IVF_IMAGES_PER_SEARCH = 8;

  /**
   * Segments one image with other choices than those the inspector was opened with.
   *
   * @throws BadInputException when the choices require a refiner that cannot be used
   */
  public Segmenter.Prediction segment(AoiImage image, double pixelSize, SegmentChoices other)
      throws BadInputException {
    if (other.equals(choices)) {
      return segmenter.segment(image, pixelSize);
    }
    SegmentChoices.Resolved r = other.resolve(bank, other.refiner().equals("off") ? null : stored, bankFile);
    if (r.useRefiner() && refiner == null) {
      throw new BadInputException(bankFile, "its refiner was not opened (the service was started with it off)");
    }
    return segmenter(r).segment(image, pixelSize);
  }

  private Segmenter segmenter(SegmentChoices.Resolved r) {
    return new Segmenter(encoder, bank, index, r.options(), Set.of(), r.useRefiner() ? refiner : null);
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
